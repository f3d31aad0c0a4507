using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Reads <c>journal.jsonl</c> forward from a committed offset and reports the entries of every complete append: the store's catch-up
/// and its background check of a loaded index both read the file this way. Each line is parsed and checked (sequence = line number,
/// an append's lines contiguous and of one scope); only where each line starts and its scope are reported.
/// </summary>
/// <remarks>
/// <para>
/// Not thread-safe: one scan at a time per instance, since the read buffer and the line headers' buffer are reused.
/// </para>
/// <para>
/// A scan reads with <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/> on the calling thread: the store's handle is
/// not opened for asynchronous I/O, so <see cref="RandomAccess.ReadAsync(SafeFileHandle, Memory{byte}, long, CancellationToken)"/>
/// would only hand each read to the thread pool. The token is checked before every read, so a cancelled scan stops within one
/// buffer's lines. Lines are parsed with <see cref="JournalLineFormat.TryParseHeader"/>, which checks each line as fully as reading
/// its entry would but allocates nothing for it.
/// </para>
/// </remarks>
internal sealed class JournalScanner(SafeFileHandle reader, string journalPath)
{
    private const int InitialBufferSize = 64 * 1024;
    private readonly JournalLineHeaders _headers = new();
    private byte[] _buffer = [];

    /// <summary>Gets the end of the last complete append the last scan reached.</summary>
    public long CommittedOffset { get; private set; }

    /// <summary>Gets the sequence of the last entry of that append.</summary>
    public long LastSequence { get; private set; }

    /// <summary>Creates the exception for a journal corrupt at <paramref name="lineNumber"/>.</summary>
    public static JournalCorruptException Corrupt(string journalPath, long lineNumber, string reason) =>
        new(
            journalPath,
            lineNumber,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The journal '{journalPath}' is corrupt at line {lineNumber}: {reason}. The file was changed outside ModelOps or damaged on disk; restore it from a backup."));

    /// <summary>
    /// Scans the bytes from <paramref name="offset"/> (the end of the append whose last sequence is <paramref name="lastSequence"/>)
    /// to <paramref name="length"/>, calling <paramref name="onEntry"/> with each committed entry's scope, sequence and line start.
    /// <see cref="CommittedOffset"/> and <see cref="LastSequence"/> follow the last complete append, also when this throws.
    /// </summary>
    /// <returns>The length examined; bytes between <see cref="CommittedOffset"/> and it are an incomplete append.</returns>
    /// <exception cref="JournalCorruptException">A line is not an entry, or out of sequence, and lines follow it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public long Scan(long offset, long lastSequence, long length, Action<string, long, long> onEntry, CancellationToken cancellationToken)
    {
        CommittedOffset = offset;
        LastSequence = lastSequence;
        if (_buffer.Length == 0)
        {
            _buffer = new byte[InitialBufferSize];
        }

        var pending = new List<(string Scope, long Start)>();
        long pendingMore = 0;
        long pendingFirstLine = 0;
        long bufferStart = offset; // file offset of _buffer[0]
        int filled = 0;
        while (bufferStart + filled < length)
        {
            if (filled == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2); // one line longer than the buffer
            }

            long position = bufferStart + filled;
            int toRead = (int)Math.Min(_buffer.Length - filled, length - position);
            cancellationToken.ThrowIfCancellationRequested();
            int read = RandomAccess.Read(reader, _buffer.AsSpan(filled, toRead), position);
            if (read == 0)
            {
                return position; // truncated while reading: only a torn tail can be removed, so treat this as the end
            }

            filled += read;
            int consumed = 0;
            while (true)
            {
                int newline = _buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                long lineNumber = LastSequence + pending.Count + 1; // a committed line holds the entry with that sequence
                long lineStart = bufferStart + consumed;
                long lineEnd = lineStart + newline + 1;
                if (!JournalLineFormat.TryParseHeader(_buffer.AsSpan(consumed, newline), _headers, out long sequence, out string? scope, out long more, out string? error))
                {
                    if (lineEnd == length)
                    {
                        return length; // an unparsable last line: a torn write
                    }

                    throw Corrupt(journalPath, lineNumber, $"it is not a journal entry ({error}), and lines follow it");
                }

                if (sequence != lineNumber)
                {
                    throw Corrupt(journalPath, lineNumber, string.Create(CultureInfo.InvariantCulture, $"it holds sequence {sequence}, but line {lineNumber} must hold sequence {lineNumber}; lines were removed, duplicated or reordered"));
                }

                if (pending.Count > 0 && (more != pendingMore - 1 || !string.Equals(scope, pending[0].Scope, StringComparison.Ordinal)))
                {
                    throw Corrupt(journalPath, lineNumber, string.Create(CultureInfo.InvariantCulture, $"the append that starts at line {pendingFirstLine} is incomplete, yet other lines follow it"));
                }

                if (pending.Count == 0)
                {
                    pendingFirstLine = lineNumber;
                }

                pending.Add((scope!, lineStart)); // only where the line is: the entry is read again when asked for
                pendingMore = more;
                consumed += newline + 1;

                if (more == 0)
                {
                    for (int i = 0; i < pending.Count; i++)
                    {
                        onEntry(pending[i].Scope, LastSequence + 1 + i, pending[i].Start);
                    }

                    LastSequence += pending.Count;
                    CommittedOffset = lineEnd;
                    pending.Clear();
                }
            }

            if (consumed > 0)
            {
                _buffer.AsSpan(consumed, filled - consumed).CopyTo(_buffer);
                filled -= consumed;
                bufferStart += consumed;
            }
        }

        return length;
    }
}
