using System.Text.Json;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Naming;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry
{
    /// <inheritdoc/>
    public Task<ModelVersion> PurgeVersionAsync(string modelName, int version, string reason, CancellationToken cancellationToken = default) =>
        PurgeVersionCoreAsync(modelName, version, reason, null, cancellationToken);

    /// <inheritdoc/>
    public Task<ModelVersion> PurgeVersionUnlessKeptAsync(string modelName, int version, string reason, VersionPurgeCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return PurgeVersionCoreAsync(modelName, version, reason, condition, cancellationToken);
    }

    private async Task<ModelVersion> PurgeVersionCoreAsync(string modelName, int version, string reason, VersionPurgeCondition? condition, CancellationToken cancellationToken)
    {
        NameRules.ValidateModelName(modelName);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(modelName, "reason", $"purging version {version} requires a reason");
        }

        CheckReason(modelName, reason);
        await EnsureScopeAsync(modelName, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            var existing = RequireVersion(RequireModel(_replica.Find(modelName), modelName), version);
            if (existing.Purged is not null)
            {
                return existing;
            }
        }

        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.PurgeVersion, modelName, version, null, reason, cancellationToken).ConfigureAwait(false);
        }

        return await CommitAsync(modelName, (state, now) =>
        {
            var model = RequireModel(state, modelName);
            var current = RequireVersion(model, version);
            if (current.Purged is not null)
            {
                return WriteDecision<ModelVersion>.Done(current);
            }

            // Checked at commit, atomically with the append: an alias moved to the version since the caller looked keeps it.
            var aliases = model.AliasesPointingTo(version).ToArray();
            if (aliases.Length > 0)
            {
                throw new LifecycleTransitionException(modelName, version, current.Status, null,
                    $"Version {version} of model '{modelName}' cannot be purged while alias(es) {string.Join(", ", aliases.Select(a => $"'{a}'"))} point to it; move them first.");
            }

            // The caller's condition (retention's policy) is evaluated on the same state, so what it keeps at this moment stays.
            if (condition?.FindKeepReason(PurgeContext(modelName, model, current, now)) is { } keep)
            {
                throw new VersionRetainedException(modelName, version, keep);
            }

            var payload = NewPayload(reason, version);
            return WriteDecision<ModelVersion>.Write(JournalKinds.VersionPurged, payload, e => OwnVersion(e, version, () => current with
            {
                Purged = new PurgeRecord(e.Timestamp, payload.Actor, payload.Reason, e.Sequence),
                Sequence = e.Sequence,
            }));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<ModelDocument> PurgeDocumentAsync(ModelDocument document, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var model = document.ModelName;
        if (model is not null)
        {
            NameRules.ValidateModelName(model);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(model, "reason", $"purging document '{document.Kind}/{document.Name}' requires a reason");
        }

        CheckReason(model, reason);
        var scope = model ?? AuditScopes.Registry;
        await EnsureScopeAsync(scope, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            var existing = RequireDocument(_replica.Find(scope), document);
            if (existing.Purged is not null)
            {
                return existing;
            }
        }

        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.PurgeDocument, model, document.Version, null, reason, cancellationToken, documentKind: document.Kind, documentName: document.Name)
                .ConfigureAwait(false);
        }

        return await CommitAsync(scope, state =>
        {
            var current = RequireDocument(state, document);
            if (current.Purged is not null)
            {
                return WriteDecision<ModelDocument>.Done(current);
            }

            // The purged revision's record as attached, so the fold (and a bundle's chain check) identifies it by every field.
            var payload = NewPayload(reason, current.Version, after: JsonSerializer.SerializeToElement(current with { Purged = null }, ModelOpsJsonContext.Default.ModelDocument));
            return WriteDecision<ModelDocument>.Write(JournalKinds.DocumentPurged, payload,
                e => current with { Purged = new PurgeRecord(e.Timestamp, payload.Actor, payload.Reason, e.Sequence) });
        }, cancellationToken).ConfigureAwait(false);
    }

    private static VersionPurgeContext PurgeContext(string modelName, ModelState model, ModelVersion version, DateTimeOffset now) => new()
    {
        ModelName = modelName,
        Version = version,
        Now = now,
        Versions = model.Versions.AsReadOnly(),
        Aliases = [.. model.AliasTable.Values],
        AliasHistory = [.. model.Aliases.Values.SelectMany(a => a.History)],
        Documents = model.Documents.AsReadOnly(),
    };

    /// <summary>The stored revision a caller's document record names (under the replica's lock, or on a state the caller holds).</summary>
    private static ModelDocument RequireDocument(ModelState? state, ModelDocument document) =>
        FindDocument(state, document)
        ?? throw new InvalidRegistrationException(document.ModelName, "document",
            $"no document '{document.Kind}/{document.Name}' revision {document.Revision} is stored "
            + (document.ModelName is null ? "at registry level" : $"for model '{document.ModelName}'" + (document.Version is { } v ? $" version {v}" : string.Empty)));

    private static ModelDocument? FindDocument(ModelState? state, ModelDocument document) =>
        state?.Documents.Find(d => d.Version == document.Version
            && d.Revision == document.Revision
            && string.Equals(d.Kind, document.Kind, StringComparison.Ordinal)
            && string.Equals(d.Name, document.Name, StringComparison.Ordinal));

    private static void ThrowIfPurged(ModelVersion version)
    {
        if (version.Purged is { } purge)
        {
            throw new ModelVersionPurgedException(version.ModelName, version.Version, purge);
        }
    }
}
