using System.Text.Json;
using Microsoft.Extensions.Primitives;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Hashing;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Naming;
using ModelOps.Sdk.Storage;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry
{
    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<AuditEntry>> ReadAuditLogAsync(string scope, CancellationToken cancellationToken = default)
    {
        var entries = await ReadScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        return entries.Select(AuditEntry.FromJournalEntry).ToArray();
    }

    /// <inheritdoc/>
    public async Task<AuditVerificationResult> VerifyAuditLogAsync(string scope, AuditAnchor? anchor = null, CancellationToken cancellationToken = default)
    {
        var entries = await ReadScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        if (anchor is not null && !string.Equals(anchor.Scope, scope, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The anchor is for chain '{anchor.Scope}', not '{scope}'.", nameof(anchor));
        }

        return await VerifyWithAnchorsAsync(scope, entries, anchor, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AuditAnchor> ExportAuditAnchorAsync(string scope, CancellationToken cancellationToken = default)
    {
        var entries = await ReadScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (entries.Count == 0)
        {
            return new AuditAnchor(scope, -1, HashHex.ZeroHash, null, null, now);
        }

        var head = entries[^1];
        return new AuditAnchor(scope, head.Index, head.Hash, head.Signature, head.KeyId, now);
    }

    /// <inheritdoc/>
    public IChangeToken GetAliasChangeToken(string modelName, string aliasName)
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        EnsurePoller();
        FoldForWatching(modelName);
        return _watchHub.GetChangeToken(modelName, aliasName);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<AliasChange> WatchAliasAsync(string modelName, string aliasName, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        EnsurePoller();
        FoldForWatching(modelName);
        return _watchHub.Watch(modelName, aliasName, cancellationToken);
    }

    /// <summary>
    /// With lazy folding, a watched model must be folded for the tail to produce its alias changes: ask for it now, in the background,
    /// so that the changes committed from this call on are published even though the scope is folded after it.
    /// </summary>
    private void FoldForWatching(string modelName)
    {
        if (_replica.RequestFold(modelName))
        {
            StartCatchUp();
        }
    }

    private async Task<List<JournalEntry>> ReadScopeAsync(string scope, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!string.Equals(scope, AuditScopes.Registry, StringComparison.Ordinal))
        {
            NameRules.ValidateModelName(scope);
        }

        var entries = new List<JournalEntry>();
        await foreach (var entry in _metadata.ReadScopeAsync(scope, cancellationToken).ConfigureAwait(false))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
