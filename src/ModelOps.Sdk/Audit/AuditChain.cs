using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ModelOps.Sdk.Hashing;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Audit;

/// <summary>
/// Computes and checks the hash chain over journal entries.
/// </summary>
/// <remarks>
/// The hash of an entry is SHA-256 over a length-prefixed encoding of: a domain tag, the scope, the index, the timestamp (UTC ticks),
/// the kind, the payload and the previous entry's hash. Length prefixes make the encoding unambiguous (no two field lists encode to
/// the same bytes), the index binds each entry to its position, and the previous hash binds it to everything before it, as in a
/// Merkle-Damgard style hash chain (Haber and Stornetta, "How to time-stamp a digital document", 1991). The sequence number is not
/// hashed: the store assigns it at commit, after the hash is computed.
/// </remarks>
internal static class AuditChain
{
    // One SHA-256 context per thread, reset by each hash: a one-shot SHA256.HashData creates and frees a native digest context per
    // call, which on a cold open of 100,000 entries is a measurable part of the check (docs/benchmarks.md, JournalVerificationBenchmarks).
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    private static ReadOnlySpan<byte> DomainTagUtf8 => "modelops.journal.v1"u8;

    public static string ComputeHash(string scope, long index, DateTimeOffset timestamp, string kind, string payload, string previousHash)
    {
        Span<byte> hash = stackalloc byte[32];
        ComputeHash(scope, index, timestamp, kind, payload, previousHash, hash);
        return HashHex.ToHex(hash);
    }

    public static void ComputeHash(string scope, long index, DateTimeOffset timestamp, string kind, string payload, string previousHash, Span<byte> destination)
    {
        // One buffer and one SHA-256 call: every journal entry is hashed again when a registry loads it, so this is on cold open.
        Span<byte> indexText = stackalloc byte[20];
        Span<byte> ticksText = stackalloc byte[20];
        index.TryFormat(indexText, out var indexLength, default, CultureInfo.InvariantCulture);
        timestamp.UtcTicks.TryFormat(ticksText, out var ticksLength, default, CultureInfo.InvariantCulture);
        var capacity = (7 * 4) + DomainTagUtf8.Length + indexLength + ticksLength
            + Encoding.UTF8.GetMaxByteCount(scope.Length + kind.Length + payload.Length + previousHash.Length);
        var rented = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var buffer = rented.AsSpan();
            var length = 0;
            Append(buffer, ref length, DomainTagUtf8);
            Append(buffer, ref length, scope);
            Append(buffer, ref length, indexText[..indexLength]);
            Append(buffer, ref length, ticksText[..ticksLength]);
            Append(buffer, ref length, kind);
            Append(buffer, ref length, payload);
            Append(buffer, ref length, previousHash);
            var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            sha256.AppendData(buffer[..length]);
            sha256.GetHashAndReset(destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Checks that an entry's content hashes to its stored <see cref="JournalEntry.Hash"/> (lower-case hex, as written), without
    /// allocating.
    /// </summary>
    public static bool HashMatches(JournalEntry entry)
    {
        if (entry.Hash is not { Length: 64 } stored)
        {
            return false;
        }

        // Compared as text: the stored hash must be exactly the lower-case hex of the computed one, which also rejects upper case
        // and non-hex characters without a separate pass over the string.
        Span<byte> computed = stackalloc byte[32];
        ComputeHash(entry.Scope, entry.Index, entry.Timestamp, entry.Kind, entry.Payload, entry.PreviousHash, computed);
        Span<char> hex = stackalloc char[64];
        Convert.TryToHexStringLower(computed, hex, out _);
        return stored.AsSpan().SequenceEqual(hex);
    }

    public static string ComputeHash(JournalEntry entry) =>
        ComputeHash(entry.Scope, entry.Index, entry.Timestamp, entry.Kind, entry.Payload, entry.PreviousHash);

    /// <summary>Appends a field as its UTF-8 byte count (little-endian Int32) followed by its UTF-8 bytes.</summary>
    private static void Append(Span<byte> buffer, ref int length, string value)
    {
        var written = Encoding.UTF8.GetBytes(value, buffer[(length + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[length..], written);
        length += 4 + written;
    }

    private static void Append(Span<byte> buffer, ref int length, ReadOnlySpan<byte> utf8)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer[length..], utf8.Length);
        utf8.CopyTo(buffer[(length + 4)..]);
        length += 4 + utf8.Length;
    }
}
