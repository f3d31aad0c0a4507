using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Win32.SafeHandles;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Keeps the metadata journal in one append-only file, <c>&lt;root&gt;/journal/journal.jsonl</c>, one JSON object per line, shared by
/// every scope and by every process that opens the same root.
/// </summary>
/// <remarks>
/// <para>
/// <b>Appends</b> take an in-process lock and a cross-process lock (<c>journal/.lock</c>, held open exclusively), read whatever other
/// processes appended, check the scope's length, and write all the new lines in one write followed by a flush to disk (<c>fsync</c>)
/// before returning. The registry writes artifact bytes first (temporary file, <c>fsync</c>, rename into the content store, directory
/// <c>fsync</c>) and appends the metadata that refers to them only then, so a crash never leaves metadata pointing at missing bytes.
/// </para>
/// <para>
/// <b>Readers see only committed lines</b>: a line counts only when it ends with <c>'\n'</c> and parses, and an append of several
/// entries counts only when its last line does. An incomplete or unparsable end of the file is what a writer killed mid-append leaves
/// behind; readers ignore it, and the next append truncates it before writing. A bad line followed by other lines, a line whose
/// sequence does not follow the line before (a line removed, duplicated or moved), an append cut short with lines after it, or a file
/// shorter than what was already read is corruption and throws <see cref="JournalCorruptException"/> naming the file and the line.
/// Dropping whole lines at the end of the file leaves a valid shorter journal: only an audit anchor kept elsewhere detects it.
/// </para>
/// <para>
/// The store indexes the journal in memory without keeping its entries: it reads the file once, then only the bytes appended since,
/// and keeps where each line starts and which lines belong to each scope (16 bytes per entry), so <see cref="GetLastSequenceAsync"/>
/// costs one file-length query when nothing changed, <see cref="ReadAsync"/> reads from the requested line on, and
/// <see cref="ReadScopeFromAsync"/> reads only the requested scope's lines. This type is thread-safe; dispose it when no operation is
/// in progress.
/// </para>
/// </remarks>
public sealed partial class FileSystemMetadataStore : IModelMetadataStore, IJournalScopeReader, IScopeCheckpointStore, IDisposable
{
    private const string JournalFileName = "journal.jsonl";
    private const string LockFileName = ".lock";
    private const int InitialReadBufferSize = 64 * 1024;
    private static readonly TimeSpan FirstLockRetryDelay = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxLockRetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly string _root;
    private readonly string _journalPath;
    private readonly string _lockPath;
    private readonly TimeSpan _lockTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SafeFileHandle _reader;
    private readonly SemaphoreSlim _gate = new(1, 1);
    /// <summary>The file offset where the line of sequence n starts, at position n - 1.</summary>
    private readonly List<long> _lineStarts = [];

    /// <summary>The sequences of each scope's lines, in order: the entry at position i has scope index i.</summary>
    private readonly Dictionary<string, List<long>> _scopes = new(StringComparer.Ordinal);
    private byte[] _readBuffer = [];
    private volatile CommittedTail _tail = new(0, 0);
    private volatile bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="FileSystemMetadataStore"/> class, creating the store if it does not exist.</summary>
    /// <param name="options">The settings; <see cref="FileSystemStorageOptions.RootPath"/> is the store's directory.</param>
    /// <param name="timeProvider">The clock that times lock waits; <see cref="TimeProvider.System"/> if <see langword="null"/>.</param>
    /// <param name="logger">The logger for lock waits and repaired interrupted appends; none if <see langword="null"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="StorageFormatException">The directory holds a store of another format or a newer version.</exception>
    /// <remarks>The journal itself is read on first use, so corruption is reported by the first read or append.</remarks>
    public FileSystemMetadataStore(FileSystemStorageOptions options, TimeProvider? timeProvider = null, ILogger<FileSystemMetadataStore>? logger = null)
    {
        FileSystemStorageOptionsValidator.ThrowIfInvalid(options);
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _lockTimeout = options.LockTimeout;

        _root = FileSystemLayout.Open(options.RootPath);
        string journalDirectory = FileSystemLayout.JournalDirectory(_root);
        DirectorySync.CreateDirectory(journalDirectory);
        _journalPath = Path.Combine(journalDirectory, JournalFileName);
        _lockPath = Path.Combine(journalDirectory, LockFileName);

        if (!File.Exists(_journalPath))
        {
            FileSystemLayout.TryCreateDurably(_root, _journalPath, []);
        }

        _reader = File.OpenHandle(_journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.None);
    }

    /// <summary>Gets the full path of the store's root directory.</summary>
    public string RootPath => _root;

    /// <inheritdoc />
    /// <remarks>When no other process appended since the last call, this costs one file-length query and takes no lock.</remarks>
    public async ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CommittedTail tail = _tail;
        if (RandomAccess.GetLength(_reader) == tail.Offset)
        {
            return tail.LastSequence;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            return _tail.LastSequence;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="JournalCorruptException">The committed journal is corrupt in content.</exception>
    public async IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        long start;
        long end;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            if (afterSequence >= _lineStarts.Count)
            {
                yield break;
            }

            // Committed lines never move (only a torn tail after them is ever truncated), so they are read outside the lock.
            start = _lineStarts[(int)afterSequence];
            end = _tail.Offset;
        }
        finally
        {
            _gate.Release();
        }

        byte[] buffer = new byte[(int)Math.Min(InitialReadBufferSize, end - start)];
        var parsed = new List<JournalEntry>();
        long position = start;
        long sequence = afterSequence + 1;
        int filled = 0;
        while (position < end || filled > 0)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer
            }

            int toRead = (int)Math.Min(buffer.Length - filled, end - position);
            int read = toRead == 0 ? 0 : await RandomAccess.ReadAsync(_reader, buffer.AsMemory(filled, toRead), position, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw Corrupt(sequence, "the file ends before the lines already read: it was truncated outside ModelOps");
            }

            position += read;
            filled += read;
            int consumed = ParseLines(buffer.AsSpan(0, filled), ref sequence, parsed);
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            foreach (JournalEntry entry in parsed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return entry;
            }

            parsed.Clear();
        }
    }

    /// <inheritdoc />
    /// <exception cref="JournalCorruptException">The committed journal is corrupt in content.</exception>
    public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) =>
        ReadScopeFromAsync(scope, 0, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Reads only the scope's own lines, found through the in-memory index of line offsets. A scope's entry at position i holds index
    /// i, as every append checks; in a journal edited outside ModelOps the positions are still storage order, and the registry's
    /// chain checks report the damage.
    /// </remarks>
    /// <exception cref="JournalCorruptException">The committed journal is corrupt in content.</exception>
    public async IAsyncEnumerable<JournalEntry> ReadScopeFromAsync(string scope, long fromIndex, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(fromIndex);
        (long Sequence, long Start, int Length)[] lines;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await CatchUpAsync(cancellationToken).ConfigureAwait(false);
            if (!_scopes.TryGetValue(scope, out List<long>? sequences) || fromIndex >= sequences.Count)
            {
                yield break;
            }

            lines = new (long, long, int)[sequences.Count - (int)fromIndex];
            long tailOffset = _tail.Offset;
            for (int i = 0; i < lines.Length; i++)
            {
                long sequence = sequences[(int)fromIndex + i];
                long start = _lineStarts[(int)(sequence - 1)];
                long end = sequence < _lineStarts.Count ? _lineStarts[(int)sequence] : tailOffset;
                lines[i] = (sequence, start, (int)(end - start));
            }
        }
        finally
        {
            _gate.Release();
        }

        byte[] buffer = [];
        foreach ((long sequence, long start, int length) in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (buffer.Length < length)
            {
                buffer = new byte[Math.Max(length, Math.Min(2 * buffer.Length, InitialReadBufferSize))];
            }

            int read = 0;
            while (read < length)
            {
                int n = await RandomAccess.ReadAsync(_reader, buffer.AsMemory(read, length - read), start + read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw Corrupt(sequence, "the file ends before the lines already read: it was truncated outside ModelOps");
                }

                read += n;
            }

            yield return ParseCommittedLine(buffer.AsSpan(0, length - 1), sequence);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The entries are written as one write of whole lines and flushed to disk before this returns, under a lock file that serializes
    /// appends of all processes sharing the root. An interrupted append left at the end of the journal by a killed process is
    /// truncated first.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// <paramref name="entries"/> is empty, an entry's <see cref="JournalEntry.Scope"/> is not <paramref name="scope"/>, its
    /// <see cref="JournalEntry.Index"/> is not <paramref name="expectedLength"/> plus its position, or a text field is missing or not
    /// valid Unicode.
    /// </exception>
    /// <exception cref="TimeoutException">Another process held the journal lock longer than <see cref="FileSystemStorageOptions.LockTimeout"/>.</exception>
    /// <exception cref="JournalCorruptException">The committed journal is corrupt in content.</exception>
    public async ValueTask<JournalAppendResult> AppendAsync(
        string scope,
        long expectedLength,
        IReadOnlyList<JournalEntry> entries,
        CancellationToken cancellationToken = default)
    {
        ThrowIfInvalidAppend(scope, expectedLength, entries);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using FileStream fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);

            // Under the file lock no one else writes, so what catch-up sees is final: bytes after the last committed line are a torn write.
            long fileLength = await CatchUpCoreAsync(cancellationToken).ConfigureAwait(false);
            long currentLength = _scopes.TryGetValue(scope, out List<long>? scopeSequences) ? scopeSequences.Count : 0;
            if (currentLength != expectedLength)
            {
                return JournalAppendResult.Conflict(currentLength);
            }

            CommittedTail tail = _tail;
            var stored = new JournalEntry[entries.Count];
            for (int i = 0; i < stored.Length; i++)
            {
                stored[i] = entries[i] with { Sequence = tail.LastSequence + 1 + i };
            }

            byte[] lines = JournalLineFormat.Write(stored);
            cancellationToken.ThrowIfCancellationRequested(); // the last point at which nothing was written
            WriteDurably(tail.Offset, fileLength, lines);

            long lineStart = tail.Offset;
            foreach (JournalEntry entry in stored)
            {
                AddToIndex(entry.Scope, entry.Sequence, lineStart);
                lineStart += lines.AsSpan((int)(lineStart - tail.Offset)).IndexOf((byte)'\n') + 1;
            }

            _tail = new CommittedTail(tail.Offset + lines.Length, tail.LastSequence + stored.Length);
            return JournalAppendResult.Committed(stored, expectedLength + stored.Length);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the journal. Call it when no operation is in progress.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // The semaphore is not disposed: it never allocates a wait handle, and an operation that is still finishing must be able to release it.
        _disposed = true;
        _reader.Dispose();
    }

    private static void ThrowIfInvalidAppend(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLength);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            throw new ArgumentException("Append at least one entry.", nameof(entries));
        }

        for (int i = 0; i < entries.Count; i++)
        {
            JournalEntry entry = entries[i] ?? throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"entries[{i}] is null."), nameof(entries));
            if (!string.Equals(entry.Scope, scope, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"entries[{i}] has scope '{entry.Scope}', but the append is to scope '{scope}': append each scope's entries separately."),
                    nameof(entries));
            }

            if (entry.Index != expectedLength + i)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"entries[{i}] has index {entry.Index}, but appending at length {expectedLength} it must be {expectedLength + i}: number entries from expectedLength upwards."),
                    nameof(entries));
            }

            JournalLineFormat.ThrowIfNotStorable(entry, nameof(entries));
        }
    }

    /// <summary>Writes the lines after the last committed line in one write and flushes them to disk, dropping any torn tail first.</summary>
    private void WriteDurably(long committedOffset, long fileLength, byte[] lines)
    {
        using var journal = new FileStream(_journalPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        if (fileLength > committedOffset)
        {
            journal.SetLength(committedOffset);
            FileSystemStorageLog.TruncatedTornTail(_logger, fileLength - committedOffset, _journalPath);
        }

        try
        {
            journal.Position = committedOffset;
            journal.Write(lines);
            journal.Flush(flushToDisk: true);
        }
        catch
        {
            // Best effort to take back a write whose flush failed, so that readers do not see entries the caller was told failed.
            // If this fails too, the lines may stay visible; a caller that retries then gets a conflict and re-reads, as after any race.
            try
            {
                journal.SetLength(committedOffset);
            }
            catch (IOException)
            {
            }

            throw;
        }
    }

    /// <summary>Reads what was appended since the last call, verifying apparent corruption under the file lock before reporting it.</summary>
    private async ValueTask CatchUpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUpCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (JournalCorruptException)
        {
            // Without the file lock a read can interleave with a writer that is replacing a torn tail, and see a mix of the two.
            // Under the lock nothing moves, so a second look is definitive.
            using FileStream fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            await CatchUpCoreAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Indexes the complete appends written since the last committed offset. Caller holds <see cref="_gate"/>.
    /// </summary>
    /// <returns>The file length that was examined; bytes between the new committed offset and it are an incomplete append.</returns>
    private async ValueTask<long> CatchUpCoreAsync(CancellationToken cancellationToken)
    {
        CommittedTail tail = _tail;
        long length = RandomAccess.GetLength(_reader);
        if (length == tail.Offset)
        {
            return length;
        }

        if (length < tail.Offset)
        {
            throw new JournalCorruptException(
                _journalPath,
                null,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The journal '{_journalPath}' is {length} bytes long, shorter than the {tail.Offset} bytes of entries already committed: it was truncated or replaced outside ModelOps. Restore it from a backup."));
        }

        if (_readBuffer.Length == 0)
        {
            _readBuffer = new byte[InitialReadBufferSize];
        }

        long committedOffset = tail.Offset;
        long lastSequence = tail.LastSequence;
        var pending = new List<(string Scope, long Start)>();
        long pendingMore = 0;
        long pendingFirstLine = 0;
        long bufferStart = committedOffset; // file offset of _readBuffer[0]
        int filled = 0;
        int added = 0;
        try
        {
            while (bufferStart + filled < length)
            {
                if (filled == _readBuffer.Length)
                {
                    Array.Resize(ref _readBuffer, _readBuffer.Length * 2); // one line longer than the buffer
                }

                long position = bufferStart + filled;
                int toRead = (int)Math.Min(_readBuffer.Length - filled, length - position);
                int read = await RandomAccess.ReadAsync(_reader, _readBuffer.AsMemory(filled, toRead), position, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    length = position; // truncated while reading: only a torn tail can be removed, so treat this as the end
                    break;
                }

                filled += read;
                int consumed = 0;
                while (true)
                {
                    int newline = _readBuffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        break;
                    }

                    long lineNumber = lastSequence + pending.Count + 1; // a committed line holds the entry with that sequence
                    long lineStart = bufferStart + consumed;
                    long lineEnd = lineStart + newline + 1;
                    if (!JournalLineFormat.TryParse(_readBuffer.AsSpan(consumed, newline), out JournalEntry? entry, out long more, out string? error))
                    {
                        if (lineEnd == length)
                        {
                            return length; // an unparsable last line: a torn write
                        }

                        throw Corrupt(lineNumber, $"it is not a journal entry ({error}), and lines follow it");
                    }

                    if (entry!.Sequence != lineNumber)
                    {
                        throw Corrupt(lineNumber, string.Create(CultureInfo.InvariantCulture, $"it holds sequence {entry.Sequence}, but line {lineNumber} must hold sequence {lineNumber}; lines were removed, duplicated or reordered"));
                    }

                    if (pending.Count > 0 && (more != pendingMore - 1 || !string.Equals(entry.Scope, pending[0].Scope, StringComparison.Ordinal)))
                    {
                        throw Corrupt(lineNumber, string.Create(CultureInfo.InvariantCulture, $"the append that starts at line {pendingFirstLine} is incomplete, yet other lines follow it"));
                    }

                    if (pending.Count == 0)
                    {
                        pendingFirstLine = lineNumber;
                    }

                    pending.Add((entry.Scope, lineStart)); // only where the line is: the entry is read again when asked for
                    pendingMore = more;
                    consumed += newline + 1;

                    if (more == 0)
                    {
                        for (int i = 0; i < pending.Count; i++)
                        {
                            AddToIndex(pending[i].Scope, lastSequence + 1 + i, pending[i].Start);
                        }

                        added += pending.Count;
                        lastSequence += pending.Count;
                        committedOffset = lineEnd;
                        pending.Clear();
                    }
                }

                if (consumed > 0)
                {
                    _readBuffer.AsSpan(consumed, filled - consumed).CopyTo(_readBuffer);
                    filled -= consumed;
                    bufferStart += consumed;
                }
            }

            return length;
        }
        finally
        {
            if (added > 0)
            {
                _tail = new CommittedTail(committedOffset, lastSequence);
                FileSystemStorageLog.CaughtUp(_logger, added, _journalPath);
            }
        }
    }

    private JournalCorruptException Corrupt(long lineNumber, string reason) =>
        new(
            _journalPath,
            lineNumber,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The journal '{_journalPath}' is corrupt at line {lineNumber}: {reason}. The file was changed outside ModelOps or damaged on disk; restore it from a backup."));

    private void AddToIndex(string scope, long sequence, long lineStart)
    {
        _lineStarts.Add(lineStart);
        if (!_scopes.TryGetValue(scope, out List<long>? sequences))
        {
            sequences = [];
            _scopes.Add(scope, sequences);
        }

        sequences.Add(sequence);
    }

    /// <summary>Parses the complete lines at the start of <paramref name="buffer"/>, which were committed when indexed.</summary>
    /// <returns>The number of bytes consumed.</returns>
    private int ParseLines(ReadOnlySpan<byte> buffer, ref long sequence, List<JournalEntry> into)
    {
        int consumed = 0;
        int newline;
        while ((newline = buffer[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            into.Add(ParseCommittedLine(buffer.Slice(consumed, newline), sequence));
            consumed += newline + 1;
            sequence++;
        }

        return consumed;
    }

    /// <summary>Parses a line that was a committed entry when the store indexed it; anything else means the file was changed since.</summary>
    private JournalEntry ParseCommittedLine(ReadOnlySpan<byte> line, long sequence)
    {
        if (!JournalLineFormat.TryParse(line, out JournalEntry? entry, out _, out string? error))
        {
            throw Corrupt(sequence, $"it is not a journal entry ({error}), although it was when the store indexed it: the file was changed outside ModelOps");
        }

        if (entry!.Sequence != sequence)
        {
            throw Corrupt(sequence, string.Create(CultureInfo.InvariantCulture, $"it holds sequence {entry.Sequence}, but line {sequence} must hold sequence {sequence}; the file was changed outside ModelOps"));
        }

        return entry;
    }

    /// <summary>
    /// Takes the cross-process append lock. Opening a file with <see cref="FileShare.None"/> takes an exclusive lock (on Unix a
    /// non-blocking <c>flock</c>), so a busy lock is retried with short, growing waits until <see cref="FileSystemStorageOptions.LockTimeout"/>.
    /// The lock is released when the returned stream is disposed, and by the operating system if the process dies.
    /// </summary>
    private async ValueTask<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        TimeSpan delay = FirstLockRetryDelay;
        bool waited = false;
        while (true)
        {
            try
            {
                var fileLock = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
                if (waited)
                {
                    TimeSpan waitTime = _timeProvider.GetElapsedTime(started);
                    FileSystemStorageLog.AcquiredJournalLock(_logger, _lockPath, waitTime);
                }

                return fileLock;
            }
            catch (IOException exception) when (IsLockedByAnother(exception))
            {
                TimeSpan elapsed = _timeProvider.GetElapsedTime(started);
                if (elapsed >= _lockTimeout)
                {
                    throw new TimeoutException(
                        string.Create(
                            CultureInfo.InvariantCulture,
                            $"Waited {elapsed} for the journal lock '{_lockPath}', longer than LockTimeout ({_lockTimeout}): another process kept appending to the store. Retry, or raise FileSystemStorageOptions.LockTimeout."),
                        exception);
                }

                if (!waited)
                {
                    waited = true;
                    FileSystemStorageLog.WaitingForJournalLock(_logger, _lockPath);
                }

                TimeSpan remaining = _lockTimeout - elapsed;
                await Task.Delay(delay < remaining ? delay : remaining, _timeProvider, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < MaxLockRetryDelay ? delay * 2 : MaxLockRetryDelay;
            }
        }
    }

    private static bool IsLockedByAnother(IOException exception) =>
        exception is not (FileNotFoundException or DirectoryNotFoundException or PathTooLongException)
        && exception.HResult switch
        {
            unchecked((int)0x80070020) or unchecked((int)0x80070021) => true, // Windows: sharing or lock violation
            11 => OperatingSystem.IsLinux(), // EWOULDBLOCK from flock, reported as the raw errno
            35 => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD(),
            _ => false,
        };

    /// <summary>The end of the last committed line and its sequence, swapped as one so lock-free readers see a consistent pair.</summary>
    private sealed record CommittedTail(long Offset, long LastSequence);
}
