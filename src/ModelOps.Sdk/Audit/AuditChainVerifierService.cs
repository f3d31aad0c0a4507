using Microsoft.Extensions.Options;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Audit;

/// <summary>The registry's chain verification, offered for chains read from elsewhere, with the registry's own signer.</summary>
internal sealed class AuditChainVerifierService : IAuditChainVerifier
{
    private readonly IAuditSigner? _signer;

    public AuditChainVerifierService(IOptions<ModelOpsOptions> options, IEnumerable<IAuditSigner> signers)
    {
        _signer = signers.LastOrDefault() ?? HmacAuditSigner.FromOptions(options.Value);
    }

    public AuditVerificationResult Verify(string scope, IReadOnlyList<JournalEntry> entries, AuditAnchor? anchor = null, bool verifySignatures = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(entries);
        if (anchor is not null && !string.Equals(anchor.Scope, scope, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The anchor is for chain '{anchor.Scope}', not '{scope}'.", nameof(anchor));
        }

        var foreign = entries.FirstOrDefault(e => !string.Equals(e.Scope, scope, StringComparison.Ordinal));
        if (foreign is not null)
        {
            throw new ArgumentException($"Entry {foreign.Index} belongs to chain '{foreign.Scope}', not '{scope}'.", nameof(entries));
        }

        return AuditChainVerifier.Verify(scope, entries, verifySignatures ? _signer : null, anchor);
    }
}
