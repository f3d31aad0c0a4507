using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ModelOps.Sdk.Storage.FileSystem;

/// <summary>
/// The persistent journal index, <c>journal/index.bin</c>: the <see cref="JournalIndex"/> of the journal up to a committed offset, so
/// that opening a store reads this file and parses only the journal lines after that offset.
/// </summary>
/// <remarks>
/// <para>
/// Little-endian binary. A 64-byte header: the magic <c>MOJINDEX</c>, the format version (2), 4 reserved zero bytes, the committed
/// offset (the end of the last indexed line), the entry count (the last indexed sequence), and the SHA-256 of the last indexed line's
/// bytes, which ties the file to the journal it was taken from. Then the number of scopes and, per scope, its UTF-8 name's length and
/// bytes, its entry count and its sequences (32-bit); then every line start (64-bit); then the checksum of everything before it (8 bytes, see <see cref="Checksum"/>).
/// </para>
/// <para>
/// The checksum detects damage, not forgery: anyone who can write the file can recompute any unkeyed hash, which is why the store
/// checks the index against the journal (see <see cref="FileSystemMetadataStore"/>). So it is the non-cryptographic XxHash3, whose 64
/// bits are ample for damage. Format 2 used XxHash128, which is as fast once the JIT has optimized it but ran for the first few
/// opens of a process at 60 to 80 ms over the 12 MB index of a million entries, where XxHash3 takes 14 ms the first time and
/// 1.3 to 1.7 ms after (SHA-256, format 1, takes 8 ms every time; all measured on a machine running about 2.5 times slower than
/// usual). A cold open is a process's first. A file of format 1 or 2 is ignored and rebuilt once.
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
    public const int FormatVersion = 3;
    private const int HeaderSize = 64;
    private const int ChecksumSize = sizeof(ulong); // XxHash3
    private const int LastLineHashSize = SHA256.HashSizeInBytes;
    private const int MaxScopeNameBytes = 64 * 1024;
    private static ReadOnlySpan<byte> Magic => "MOJINDEX"u8;

    /// <summary>Writes <paramref name="snapshot"/> durably to <paramref name="path"/> through <paramref name="temporary"/>.</summary>
    public static void Write(string path, string temporary, JournalIndexSnapshot snapshot, ReadOnlySpan<byte> lastLineHash)
    {
        // The header and scopes section (4 MB at a million entries) is built in memory so that it is hashed in one call.
        var section = new MemoryStream();
        using (var writer = new BinaryWriter(section, Encoding.UTF8, leaveOpen: true))
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
        }

        ReadOnlySpan<byte> scopesSection = section.GetBuffer().AsSpan(0, (int)section.Length);
        long[] lineStarts = snapshot.LineStarts;
        if (!BitConverter.IsLittleEndian)
        {
            lineStarts = snapshot.LineStarts[..snapshot.Count];
            BinaryPrimitives.ReverseEndianness(lineStarts, lineStarts);
        }

        ReadOnlySpan<byte> lineStartBytes = MemoryMarshal.AsBytes(lineStarts.AsSpan(0, snapshot.Count));
        Span<byte> checksum = stackalloc byte[ChecksumSize];
        BinaryPrimitives.WriteUInt64LittleEndian(checksum, Checksum(scopesSection, lineStartBytes));
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                file.Write(scopesSection);
                file.Write(lineStartBytes);
                file.Write(checksum);
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

    /// <summary>
    /// The file's checksum: the XxHash3 of the line starts' bytes, seeded with the XxHash3 of the header and scopes section. Two
    /// one-shot calls rather than one incremental hash over both, because the incremental path is slow until the JIT has optimized
    /// it, which a process's first open never waits for (60 to 80 ms over 12 MB against 14 ms; see the remarks).
    /// </summary>
    private static ulong Checksum(ReadOnlySpan<byte> scopesSection, ReadOnlySpan<byte> lineStartBytes) =>
        XxHash3.HashToUInt64(lineStartBytes, unchecked((long)XxHash3.HashToUInt64(scopesSection)));

    /// <summary>Reads the index file, or says why it cannot be used.</summary>
    /// <returns>The snapshot it holds and the hash of its last line, or <see langword="null"/> with <paramref name="reason"/>.</returns>
    /// <exception cref="IOException">The file could not be read.</exception>
    /// <remarks>
    /// Opening a store of a million entries reads 12 MB here, so it is read in two bulk reads and checked over spans: the header and
    /// scopes into one buffer, the line starts straight into the array the index keeps, both hashed as they are, and nothing parsed
    /// before the checksum matched.
    /// </remarks>
    public static (JournalIndexSnapshot Snapshot, byte[] LastLineHash)? TryRead(string path, out string? reason)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(file);
        if (length < HeaderSize + sizeof(int) + ChecksumSize)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"it is {length} bytes long, too short to be an index (truncated)");
            return null;
        }

        byte[] header = new byte[HeaderSize];
        if (RandomAccess.Read(file, header, 0) != HeaderSize)
        {
            reason = "it shrank while being read";
            return null;
        }

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
        long body = length - HeaderSize - ChecksumSize;
        if (count < 0 || count > Array.MaxLength || committedOffset < 0 || count * sizeof(long) > body - sizeof(int) || (count == 0) != (committedOffset == 0))
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"its header names {count} entries ending at offset {committedOffset}, which does not fit its size");
            return null;
        }

        // The scopes section (with the header) and the line starts, then the checksum of both.
        long lineStartsOffset = length - ChecksumSize - (count * sizeof(long));
        if (lineStartsOffset > Array.MaxLength)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"its scopes take {lineStartsOffset} bytes, more than an index of {count} entries can");
            return null;
        }

        byte[] scopesSection = new byte[lineStartsOffset];
        long[] lineStarts = new long[count];
        Span<byte> lineStartBytes = MemoryMarshal.AsBytes(lineStarts.AsSpan());
        Span<byte> stored = stackalloc byte[ChecksumSize];
        if (!TryReadExactly(file, scopesSection, 0) || !TryReadExactly(file, lineStartBytes, lineStartsOffset) || !TryReadExactly(file, stored, length - ChecksumSize))
        {
            reason = "it shrank while being read";
            return null;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(stored) != Checksum(scopesSection, lineStartBytes))
        {
            reason = "its checksum does not match its content (truncated or damaged)";
            return null;
        }

        ReadOnlySpan<byte> content = scopesSection;
        byte[] lastLineHash = content.Slice(32, LastLineHashSize).ToArray();
        Dictionary<string, ScopeSequences>? scopes = ReadScopes(content[HeaderSize..], (int)count, out reason);
        if (scopes is null)
        {
            return null;
        }

        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(lineStarts, lineStarts);
        }

        long previousStart = -1;
        for (int i = 0; i < lineStarts.Length; i++)
        {
            long start = lineStarts[i];
            if (start <= previousStart || start >= committedOffset || (i == 0 && start != 0))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"line {i + 1} starts at offset {start}, out of order or past the indexed end {committedOffset}");
                return null;
            }

            previousStart = start;
        }

        reason = null;
        return (new JournalIndexSnapshot(lineStarts, (int)count, scopes, committedOffset), lastLineHash);
    }

    /// <summary>Parses the scopes section: each scope's name and increasing sequences, every sequence 1 to <paramref name="count"/> in exactly one.</summary>
    private static Dictionary<string, ScopeSequences>? ReadScopes(ReadOnlySpan<byte> section, int count, out string? reason)
    {
        int scopeCount = BinaryPrimitives.ReadInt32LittleEndian(section);
        section = section[sizeof(int)..];
        if (scopeCount < 0 || scopeCount > count)
        {
            reason = string.Create(CultureInfo.InvariantCulture, $"it names {scopeCount} scopes for {count} entries");
            return null;
        }

        ulong[] listed = new ulong[(count / 64) + 1]; // a bit per sequence, to check that each is in exactly one scope
        long listedCount = 0;
        var scopes = new Dictionary<string, ScopeSequences>(scopeCount, StringComparer.Ordinal);
        for (int s = 0; s < scopeCount; s++)
        {
            int nameLength = section.Length >= sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(section) : -1;
            if (nameLength <= 0 || nameLength > MaxScopeNameBytes || (long)nameLength + (2 * sizeof(int)) > section.Length)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"scope {s} has a name of {nameLength} bytes");
                return null;
            }

            string scope = Encoding.UTF8.GetString(section.Slice(sizeof(int), nameLength));
            section = section[(sizeof(int) + nameLength)..];
            int scopeLength = BinaryPrimitives.ReadInt32LittleEndian(section);
            section = section[sizeof(int)..];
            if (scopeLength <= 0 || (long)scopeLength * sizeof(int) > section.Length || !scopes.TryAdd(scope, default))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"scope '{scope}' has {scopeLength} entries, or is named twice");
                return null;
            }

            int[] sequences = new int[scopeLength];
            ReadOnlySpan<byte> bytes = section[..(scopeLength * sizeof(int))];
            section = section[bytes.Length..];
            bytes.CopyTo(MemoryMarshal.AsBytes(sequences.AsSpan()));
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(sequences, sequences);
            }

            int previous = 0;
            foreach (int sequence in sequences)
            {
                if (sequence <= previous || sequence > count || (listed[sequence >> 6] & (1UL << (sequence & 63))) != 0)
                {
                    reason = string.Create(CultureInfo.InvariantCulture, $"scope '{scope}' lists sequence {sequence} out of order, out of range or twice");
                    return null;
                }

                listed[sequence >> 6] |= 1UL << (sequence & 63);
                previous = sequence;
            }

            listedCount += scopeLength;
            scopes[scope] = new ScopeSequences(sequences, scopeLength);
        }

        if (!section.IsEmpty || listedCount != count)
        {
            reason = "its scopes do not list every entry exactly once";
            return null;
        }

        reason = null;
        return scopes;
    }

    private static bool TryReadExactly(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(file, buffer, offset);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
            offset += read;
        }

        return true;
    }
}
