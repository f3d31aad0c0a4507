using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// Reads <c>journal.jsonl</c> forward from a committed offset and reports the entries of every complete append: the store's catch-up
/// and its background check of a loaded index both read the file this way. Each line is parsed and checked (sequence = line number,
/// an append's lines contiguous and of one scope); only where each line starts and its scope are reported.
/// </summary>
/// <remarks>Not thread-safe: one scan at a time per instance, since the read buffer is reused.</remarks>
internal sealed class JournalScanner(SafeFileHandle reader, string journalPath)
{
    private const int InitialBufferSize = 64 * 1024;
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
    public async ValueTask<long> ScanAsync(long offset, long lastSequence, long length, Action<string, long, long> onEntry, CancellationToken cancellationToken)
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
            int read = await RandomAccess.ReadAsync(reader, _buffer.AsMemory(filled, toRead), position, cancellationToken).ConfigureAwait(false);
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
                if (!JournalLineFormat.TryParse(_buffer.AsSpan(consumed, newline), out JournalEntry? entry, out long more, out string? error))
                {
                    if (lineEnd == length)
                    {
                        return length; // an unparsable last line: a torn write
                    }

                    throw Corrupt(journalPath, lineNumber, $"it is not a journal entry ({error}), and lines follow it");
                }

                if (entry!.Sequence != lineNumber)
                {
                    throw Corrupt(journalPath, lineNumber, string.Create(CultureInfo.InvariantCulture, $"it holds sequence {entry.Sequence}, but line {lineNumber} must hold sequence {lineNumber}; lines were removed, duplicated or reordered"));
                }

                if (pending.Count > 0 && (more != pendingMore - 1 || !string.Equals(entry.Scope, pending[0].Scope, StringComparison.Ordinal)))
                {
                    throw Corrupt(journalPath, lineNumber, string.Create(CultureInfo.InvariantCulture, $"the append that starts at line {pendingFirstLine} is incomplete, yet other lines follow it"));
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
