using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Audit;

/// <summary>
/// Verifies an audit chain that was read from somewhere other than this registry's store, for example the chain carried in a
/// model bundle, with the same rules as <see cref="IModelRegistry.VerifyAuditLogAsync"/>.
/// </summary>
/// <remarks>Registered by <c>AddModelOps</c>; thread-safe.</remarks>
public interface IAuditChainVerifier
{
    /// <summary>Verifies a chain: every entry's hash, the links between entries, the anchor, and (optionally) the signatures.</summary>
    /// <param name="scope">The chain's scope; every entry must belong to it.</param>
    /// <param name="entries">The entries, in the order they were found.</param>
    /// <param name="anchor">An anchor exported from the chain, to detect truncation or replacement; optional.</param>
    /// <param name="verifySignatures">
    /// Whether to check signatures with this registry's signer. Entries signed elsewhere verify only if this registry holds the
    /// same key (same key id); turn it off to check hashes, links and anchor alone.
    /// </param>
    /// <returns>Every violation found, by position and kind.</returns>
    AuditVerificationResult Verify(string scope, IReadOnlyList<JournalEntry> entries, AuditAnchor? anchor = null, bool verifySignatures = true);
}
