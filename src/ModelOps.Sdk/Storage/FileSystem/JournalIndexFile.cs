using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// The persistent journal index, <c>journal/index.bin</c>: the <see cref="JournalIndex"/> of the journal up to a committed offset, so
/// that opening a store reads this file and parses only the journal lines after that offset.
/// </summary>
/// <remarks>
/// <para>
/// Little-endian binary. A 64-byte header: the magic <c>MOJINDEX</c>, the format version (1), 4 reserved zero bytes, the committed
/// offset (the end of the last indexed line), the entry count (the last indexed sequence), and the SHA-256 of the last indexed line's
/// bytes, which ties the file to the journal it was taken from. Then the number of scopes and, per scope, its UTF-8 name's length and
/// bytes, its entry count and its sequences (32-bit); then every line start (64-bit); then the SHA-256 of everything before it.
/// </para>
/// <para>
/// It is derived data, written like a checkpoint (temporary file, flush to disk, rename, directory flush), so a reader sees one whole
/// file. <see cref="TryRead"/> checks only what the file says of itself (checksum, bounds, order, every sequence in exactly one
/// scope); the store checks that it fits the journal.
/// </para>
/// </remarks>
internal static class JournalIndexFile
{
    public const string FileName = "index.bin";
    public const int FormatVersion = 1;
    private const int HeaderSize = 64;
    private const int ChecksumSize = SHA256.HashSizeInBytes;
    private const int MaxScopeNameBytes = 64 * 1024;
    private static ReadOnlySpan<byte> Magic => "MOJINDEX"u8;

    /// <summary>Writes <paramref name="snapshot"/> durably to <paramref name="path"/> through <paramref name="temporary"/>.</summary>
    public static void Write(string path, string temporary, JournalIndexSnapshot snapshot, ReadOnlySpan<byte> lastLineHash)
    {
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            using (var hashing = new HashingWriteStream(file))
            using (var writer = new BinaryWriter(new BufferedStream(hashing, 64 * 1024), Encoding.UTF8, leaveOpen: false))
            {
                Span<byte> header = stackalloc byte[HeaderSize];
                header.Clear();
                Magic.CopyTo(header);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
                BinaryPrimitives.WriteInt64LittleEndian(header[16..], snapshot.CommittedOffset);
                BinaryPrimitives.WriteInt64LittleEndian(header[24..], snapshot.Count);
                lastLineHash.CopyTo(header[32..]);
                writer.Write(header);
                writer.Write(snapshot.Scopes.Count);
                foreach ((string scope, ScopeSequences sequences) in snapshot.Scopes.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    byte[] name = Encoding.UTF8.GetBytes(scope);
                    writer.Write(name.Length);
                    writer.Write(name);
                    writer.Write(sequences.Count);
                    foreach (int sequence in sequences.Sequences.AsSpan(0, sequences.Count))
                    {
                        writer.Write(sequence);
                    }
                }

                foreach (long start in snapshot.LineStarts.AsSpan(0, snapshot.Count))
                {
                    writer.Write(start);
                }

                writer.Flush();
                file.Write(hashing.Finish());
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
        finally
        {
            File.Delete(temporary); // no-op once renamed
        }
    }

    /// <summary>Reads the index file, or says why it cannot be used.</summary>
    /// <returns>The snapshot it holds and the hash of its last line, or <see langword="null"/> with <paramref name="reason"/>.</returns>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static (JournalIndexSnapshot Snapshot, byte[] LastLineHash)? TryRead(string path, out string? reason)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        long length = file.Length;
        if (length < HeaderSize + sizeof(int) + ChecksumSize)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"it is {length} bytes long, too short to be an index (truncated)");
            return null;
        }

        // First pass: the checksum, so that the second never parses damaged bytes.
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            byte[] chunk = new byte[64 * 1024];
            long remaining = length - ChecksumSize;
            while (remaining > 0)
            {
                int read = file.Read(chunk, 0, (int)Math.Min(chunk.Length, remaining));
                if (read == 0)
                {
                    reason = "it shrank while being read";
                    return null;
                }

                hash.AppendData(chunk, 0, read);
                remaining -= read;
            }

            Span<byte> stored = stackalloc byte[ChecksumSize];
            file.ReadExactly(stored);
            if (!stored.SequenceEqual(hash.GetCurrentHash()))
            {
                reason = "its checksum does not match its content (truncated or damaged)";
                return null;
            }
        }

        file.Position = 0;
        using var reader = new BinaryReader(new BufferedStream(file, 64 * 1024), Encoding.UTF8, leaveOpen: true);
        byte[] header = reader.ReadBytes(HeaderSize);
        if (!header.AsSpan(0, 8).SequenceEqual(Magic))
        {
            reason = "it does not start with the index's magic bytes";
            return null;
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8));
        if (version != FormatVersion)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"it is in index format {version}, and this library reads format {FormatVersion}");
            return null;
        }

        long committedOffset = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16));
        long count = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(24));
        byte[] lastLineHash = header.AsSpan(32, ChecksumSize).ToArray();
        long body = length - HeaderSize - ChecksumSize;
        if (count < 0 || count > int.MaxValue || committedOffset < 0 || count * sizeof(long) > body || (count == 0) != (committedOffset == 0))
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"its header names {count} entries ending at offset {committedOffset}, which does not fit its size");
            return null;
        }

        int scopeCount = reader.ReadInt32();
        if (scopeCount < 0 || scopeCount > count)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"it names {scopeCount} scopes for {count} entries");
            return null;
        }

        long remainingBody = body - sizeof(int) - (count * sizeof(long));
        var listed = new BitArray((int)count + 1); // to check that each sequence is in exactly one scope
        long listedCount = 0;
        var scopes = new Dictionary<string, ScopeSequences>(scopeCount, StringComparer.Ordinal);
        for (int s = 0; s < scopeCount; s++)
        {
            int nameLength = reader.ReadInt32();
            remainingBody -= sizeof(int) + sizeof(int);
            if (nameLength <= 0 || nameLength > MaxScopeNameBytes || nameLength > remainingBody)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"scope {s} has a name of {nameLength} bytes");
                return null;
            }

            string scope = Encoding.UTF8.GetString(reader.ReadBytes(nameLength));
            remainingBody -= nameLength;
            int scopeLength = reader.ReadInt32();
            if (scopeLength <= 0 || (long)scopeLength * sizeof(int) > remainingBody || !scopes.TryAdd(scope, default))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"scope '{scope}' has {scopeLength} entries, or is named twice");
                return null;
            }

            remainingBody -= (long)scopeLength * sizeof(int);
            int[] sequences = new int[scopeLength];
            int previous = 0;
            for (int i = 0; i < scopeLength; i++)
            {
                int sequence = reader.ReadInt32();
                if (sequence <= previous || sequence > count || listed[sequence])
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"scope '{scope}' lists sequence {sequence} out of order, out of range or twice");
                    return null;
                }

                listed[sequence] = true;
                listedCount++;
                sequences[i] = previous = sequence;
            }

            scopes[scope] = new ScopeSequences(sequences, scopeLength);
        }

        if (remainingBody != 0 || listedCount != count)
        {
            reason = "its scopes do not list every entry exactly once";
            return null;
        }

        long[] lineStarts = new long[count];
        long previousStart = -1;
        for (int i = 0; i < count; i++)
        {
            long start = reader.ReadInt64();
            if (start <= previousStart || start >= committedOffset || (i == 0 && start != 0))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"line {i + 1} starts at offset {start}, out of order or past the indexed end {committedOffset}");
                return null;
            }

            lineStarts[i] = previousStart = start;
        }

        reason = null;
        return (new JournalIndexSnapshot(lineStarts, (int)count, scopes, committedOffset), lastLineHash);
    }

    /// <summary>Passes writes through and hashes them, so the checksum costs no second pass over the file.</summary>
    private sealed class HashingWriteStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public byte[] Finish() => _hash.GetHashAndReset();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
