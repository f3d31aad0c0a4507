using System.Security.Cryptography;

namespace ModelOps.Sdk.Audit;

/// <summary>
/// Signs audit-entry hashes with HMAC-SHA256 (RFC 2104) and the key from <see cref="ModelOpsOptions.AuditSigningKey"/>.
/// </summary>
internal sealed class HmacAuditSigner : IAuditSigner
{
    private readonly byte[] _key;

    public HmacAuditSigner(byte[] key, string keyId)
    {
        _key = key;
        KeyId = keyId;
    }

    public string KeyId { get; }

    public byte[] Sign(ReadOnlySpan<byte> entryHash) => HMACSHA256.HashData(_key, entryHash);

    public bool Verify(ReadOnlySpan<byte> entryHash, ReadOnlySpan<byte> signature, string keyId)
    {
        if (!string.Equals(keyId, KeyId, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, entryHash, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    /// <summary>The signer that <see cref="ModelOpsOptions.AuditSigningKey"/> configures, or <see langword="null"/> when no key is set.</summary>
    public static HmacAuditSigner? FromOptions(ModelOpsOptions options) =>
        options.AuditSigningKey is { Length: > 0 } key ? new HmacAuditSigner(Convert.FromBase64String(key), options.AuditSigningKeyId) : null;
}
