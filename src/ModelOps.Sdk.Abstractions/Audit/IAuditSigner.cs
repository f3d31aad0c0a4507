namespace ModelOps.Sdk.Audit;

/// <summary>
/// Signs and verifies audit-entry hashes, so that a wholly recomputed chain is detected.
/// The built-in signer uses HMAC-SHA256 with <see cref="ModelOpsOptions.AuditSigningKey"/>; register your own
/// (for example one backed by a key vault or an HSM) as a singleton to replace it.
/// </summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IAuditSigner
{
    /// <summary>Gets the id of the key new signatures are made with.</summary>
    string KeyId { get; }

    /// <summary>Signs an entry hash.</summary>
    /// <param name="entryHash">The 32 bytes of the entry's SHA-256 hash.</param>
    /// <returns>The signature.</returns>
    byte[] Sign(ReadOnlySpan<byte> entryHash);

    /// <summary>Verifies a signature made by <see cref="Sign"/>, possibly with an older key.</summary>
    /// <param name="entryHash">The 32 bytes of the entry's hash.</param>
    /// <param name="signature">The signature.</param>
    /// <param name="keyId">The id of the key the signature claims.</param>
    /// <returns><see langword="true"/> if the signature is valid for that key.</returns>
    bool Verify(ReadOnlySpan<byte> entryHash, ReadOnlySpan<byte> signature, string keyId);
}
