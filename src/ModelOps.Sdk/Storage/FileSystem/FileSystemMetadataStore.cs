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
/// The store indexes the journal in memory without keeping its entries: it loads the persistent index (<c>journal/index.bin</c>, see
/// <see cref="FileSystemStorageOptions.JournalIndexInterval"/>) or reads the file once, then only the bytes appended since, and keeps
/// where each line starts and which lines belong to each scope (12 bytes per entry), so <see cref="GetLastSequenceAsync"/>
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
    private readonly JournalScanner _scanner;

    /// <summary>Where each line starts and which lines belong to each scope, up to <see cref="_tail"/>.</summary>
    private JournalIndex _index = new();
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
        _indexPath = Path.Combine(journalDirectory, JournalIndexFile.FileName);
        _indexInterval = options.JournalIndexInterval;

        if (!File.Exists(_journalPath))
        {
            FileSystemLayout.TryCreateDurably(_root, _journalPath, []);
        }

        _reader = File.OpenHandle(_journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.None);
        _scanner = new JournalScanner(_reader, _journalPath);
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
        long sequence = afterSequence + 1;
        while (true)
        {
            IndexView view;
            long start;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                if (sequence > _index.Count)
                {
                    yield break;
                }

                // Committed lines never move (only a torn tail after them is ever truncated), so they are read outside the lock.
                start = _index.LineStart(sequence);
                view = CurrentView();
            }
            finally
            {
                _gate.Release();
            }

            long end = view.CommittedOffset;
            byte[] buffer = new byte[(int)Math.Min(InitialReadBufferSize, end - start)];
            var parsed = new List<JournalEntry>();
            long position = start;
            int filled = 0;
            LineMismatch? mismatch = null;
            while (mismatch is null && (position < end || filled > 0))
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the buffer
                }

                int toRead = (int)Math.Min(buffer.Length - filled, end - position);
                int read = toRead == 0 ? 0 : await RandomAccess.ReadAsync(_reader, buffer.AsMemory(filled, toRead), position, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    mismatch = view.Check(position - filled, sequence, "the file ends before the lines already read: it was truncated outside ModelOps", _journalPath);
                    break;
                }

                long bufferStart = position - filled;
                position += read;
                filled += read;
                int consumed = ParseLines(buffer.AsSpan(0, filled), bufferStart, view, ref sequence, parsed, out mismatch);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                foreach (JournalEntry entry in parsed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return entry;
                }

                parsed.Clear();
            }

            if (mismatch is null)
            {
                yield break;
            }

            await RebuildIndexAfterMismatchAsync(view, mismatch, cancellationToken).ConfigureAwait(false); // then go on from that line
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
        long position = fromIndex;
        while (true)
        {
            (long Sequence, long Start, int Length)[] lines;
            IndexView view;
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                await CatchUpAsync(cancellationToken).ConfigureAwait(false);
                int length = _index.ScopeLength(scope);
                if (position >= length)
                {
                    yield break;
                }

                view = CurrentView();
                lines = new (long, long, int)[length - (int)position];
                for (int i = 0; i < lines.Length; i++)
                {
                    long sequence = _index.ScopeSequence(scope, (int)position + i);
                    long start = _index.LineStart(sequence);
                    long end = sequence < _index.Count ? _index.LineStart(sequence + 1) : view.CommittedOffset;
                    lines[i] = (sequence, start, (int)(end - start));
                }
            }
            finally
            {
                _gate.Release();
            }

            byte[] buffer = [];
            LineMismatch? mismatch = null;
            foreach ((long sequence, long start, int length) in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (buffer.Length < length)
                {
                    buffer = new byte[Math.Max(length, Math.Min(2 * buffer.Length, InitialReadBufferSize))];
                }

                // A line is a read of a few hundred bytes, mostly from the page cache: it is read on this thread. RandomAccess.ReadAsync
                // on a handle not opened for asynchronous I/O hands every read to the thread pool, and those hand-offs cost more than
                // the reads (a model of 1,600 entries is 1,600 of them on every verification of its chain).
                int read = 0;
                while (read < length)
                {
                    int n = RandomAccess.Read(_reader, buffer.AsSpan(read, length - read), start + read);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                if (read < length)
                {
                    mismatch = view.Check(start, sequence, "the file ends before the lines already read: it was truncated outside ModelOps", _journalPath);
                    break;
                }

                if (!TryParseIndexedLine(buffer.AsSpan(0, length), sequence, scope, out JournalEntry? entry, out string? reason))
                {
                    mismatch = view.Check(start, sequence, reason!, _journalPath);
                    break;
                }

                position++;
                yield return entry!;
            }

            if (mismatch is null)
            {
                yield break;
            }

            await RebuildIndexAfterMismatchAsync(view, mismatch, cancellationToken).ConfigureAwait(false); // then go on from that entry
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
        while (true)
        {
            if (await TryAppendAsync(scope, expectedLength, entries, cancellationToken).ConfigureAwait(false) is { } result)
            {
                return result;
            }

            // Scope lengths decide conflicts, so a write never relies on an index file that the journal has not vouched for yet.
            await _verification.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the journal, after stopping the background check and writes of the index file. Call it when no operation is in progress.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        // The semaphore is not disposed: it never allocates a wait handle, and an operation that is still finishing must be able to release it.
        _disposed = true;
        _stopping.Cancel();
        try
        {
            Task.WaitAll(_verification, _publication);
        }
        catch (AggregateException)
        {
            // Both log their own failures; cancellation is the expected end here.
        }

        _stopping.Dispose();
        _reader.Dispose();
    }

    /// <summary>Appends under both locks, or returns <see langword="null"/> when the index is still being verified.</summary>
    private async ValueTask<JournalAppendResult?> TryAppendAsync(
        string scope,
        long expectedLength,
        IReadOnlyList<JournalEntry> entries,
        CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using FileStream fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);

            // Under the file lock no one else writes, so what catch-up sees is final: bytes after the last committed line are a torn write.
            long fileLength = CatchUpCore(cancellationToken);
            if (!_verification.IsCompleted)
            {
                return null;
            }

            long currentLength = _index.ScopeLength(scope);
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
                _index.Add(entry.Scope, entry.Sequence, lineStart);
                lineStart += lines.AsSpan((int)(lineStart - tail.Offset)).IndexOf((byte)'\n') + 1;
            }

            _tail = new CommittedTail(tail.Offset + lines.Length, tail.LastSequence + stored.Length);
            PublishIndexIfDue();
            return JournalAppendResult.Committed(stored, expectedLength + stored.Length);
        }
        finally
        {
            _gate.Release();
        }
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
            CatchUpCore(cancellationToken);
        }
        catch (JournalCorruptException)
        {
            // Without the file lock a read can interleave with a writer that is replacing a torn tail, and see a mix of the two.
            // Under the lock nothing moves, so a second look is definitive.
            using FileStream fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            CatchUpCore(cancellationToken);
        }
    }

    /// <summary>
    /// Indexes the complete appends written since the last committed offset, starting from the index file on first use. Caller holds
    /// <see cref="_gate"/>. Reads on the calling thread (see <see cref="JournalScanner"/>).
    /// </summary>
    /// <returns>The file length that was examined; bytes between the new committed offset and it are an incomplete append.</returns>
    private long CatchUpCore(CancellationToken cancellationToken)
    {
        if (!_indexFileRead)
        {
            _indexFileRead = true;
            LoadIndexFile();
        }

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

        JournalIndex index = _index;
        try
        {
            return _scanner.Scan(tail.Offset, tail.LastSequence, length, index.Add, cancellationToken);
        }
        finally
        {
            long added = _scanner.LastSequence - tail.LastSequence;
            if (added > 0)
            {
                _tail = new CommittedTail(_scanner.CommittedOffset, _scanner.LastSequence);
                FileSystemStorageLog.CaughtUp(_logger, (int)added, _journalPath);
                PublishIndexIfDue();
            }
        }
    }

    private JournalCorruptException Corrupt(long lineNumber, string reason) => JournalScanner.Corrupt(_journalPath, lineNumber, reason);

    /// <summary>
    /// Parses the complete lines at the start of <paramref name="buffer"/>, which were committed when indexed, stopping at the first
    /// that is not what the index says.
    /// </summary>
    /// <returns>The number of bytes consumed.</returns>
    private int ParseLines(ReadOnlySpan<byte> buffer, long bufferStart, IndexView view, ref long sequence, List<JournalEntry> into, out LineMismatch? mismatch)
    {
        mismatch = null;
        int consumed = 0;
        int newline;
        while ((newline = buffer[consumed..].IndexOf((byte)'\n')) >= 0)
        {
            if (!TryParseIndexedLine(buffer.Slice(consumed, newline + 1), sequence, null, out JournalEntry? entry, out string? reason))
            {
                mismatch = view.Check(bufferStart + consumed, sequence, reason!, _journalPath);
                return consumed;
            }

            into.Add(entry!);
            consumed += newline + 1;
            sequence++;
        }

        return consumed;
    }

    /// <summary>
    /// Parses a line (with its <c>'\n'</c>) that the index says holds <paramref name="sequence"/> of <paramref name="scope"/> (any scope
    /// if <see langword="null"/>). A line read through the index is always checked: the index may come from a file.
    /// </summary>
    private static bool TryParseIndexedLine(ReadOnlySpan<byte> line, long sequence, string? scope, out JournalEntry? entry, out string? reason)
    {
        if (line.IsEmpty || line[^1] != (byte)'\n')
        {
            entry = null;
            reason = "the index's line end is not the end of a line";
            return false;
        }

        if (!JournalLineFormat.TryParse(line[..^1], out entry, out _, out string? error))
        {
            reason = $"it is not a journal entry ({error}), although it was when the store indexed it: the file was changed outside ModelOps";
            return false;
        }

        if (entry!.Sequence != sequence)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"it holds sequence {entry.Sequence}, but line {sequence} must hold sequence {sequence}; the file was changed outside ModelOps");
            return false;
        }

        if (scope is not null && !string.Equals(entry.Scope, scope, StringComparison.Ordinal))
        {
            reason = $"it holds an entry of scope '{entry.Scope}', but the index lists it under scope '{scope}'";
            return false;
        }

        reason = null;
        return true;
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
