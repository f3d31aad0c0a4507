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
    private const string DomainTag = "modelops.journal.v1";

    public static string ComputeHash(string scope, long index, DateTimeOffset timestamp, string kind, string payload, string previousHash)
    {
        Span<byte> hash = stackalloc byte[32];
        ComputeHash(scope, index, timestamp, kind, payload, previousHash, hash);
        return HashHex.ToHex(hash);
    }

    public static void ComputeHash(string scope, long index, DateTimeOffset timestamp, string kind, string payload, string previousHash, Span<byte> destination)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, DomainTag);
        Append(hash, scope);
        Append(hash, index.ToString(CultureInfo.InvariantCulture));
        Append(hash, timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(hash, kind);
        Append(hash, payload);
        Append(hash, previousHash);
        hash.GetHashAndReset(destination);
    }

    public static string ComputeHash(JournalEntry entry) =>
        ComputeHash(entry.Scope, entry.Index, entry.Timestamp, entry.Kind, entry.Payload, entry.PreviousHash);

    private static void Append(IncrementalHash hash, string value)
    {
        var byteCount = Encoding.UTF8.GetByteCount(value);
        var rented = ArrayPool<byte>.Shared.Rent(byteCount + 4);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(rented, byteCount);
            Encoding.UTF8.GetBytes(value, 0, value.Length, rented, 4);
            hash.AppendData(rented, 0, byteCount + 4);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
