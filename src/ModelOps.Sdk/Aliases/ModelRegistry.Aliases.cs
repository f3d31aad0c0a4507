using System.Text.Json;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Naming;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry
{
    /// <inheritdoc/>
    public Task<ModelAlias> SetAliasAsync(string modelName, string aliasName, int version, string? reason = null, CancellationToken cancellationToken = default) =>
        MoveAliasCoreAsync(modelName, aliasName, version, checkExpected: false, expected: null, reason, cancellationToken);

    /// <inheritdoc/>
    public Task<ModelAlias> MoveAliasAsync(string modelName, string aliasName, int version, int? expectedCurrentVersion, string? reason = null, CancellationToken cancellationToken = default) =>
        MoveAliasCoreAsync(modelName, aliasName, version, checkExpected: true, expectedCurrentVersion, reason, cancellationToken);

    /// <inheritdoc/>
    public async Task DeleteAliasAsync(string modelName, string aliasName, string? reason = null, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        CheckReason(modelName, reason);
        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.DeleteAlias, modelName, null, aliasName, reason, cancellationToken).ConfigureAwait(false);
        }

        await CommitAsync(modelName, state =>
        {
            var model = RequireModel(state, modelName);
            var current = model.AliasTable.GetValueOrDefault(aliasName) ?? throw new AliasNotFoundException(modelName, aliasName);
            var payload = NewPayload(reason, current.Version, aliasName, before: JsonSerializer.SerializeToElement(current.Version, ModelOpsJsonContext.Default.Int32));
            return WriteDecision<bool>.Write(JournalKinds.AliasDeleted, payload, _ => true);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<ModelAlias> RollbackAliasAsync(string modelName, string aliasName, string reason, CancellationToken cancellationToken = default) =>
        RollbackAliasCoreAsync(modelName, aliasName, expected: null, reason, cancellationToken);

    /// <inheritdoc/>
    public Task<ModelAlias> RollbackAliasIfCurrentAsync(string modelName, string aliasName, int expectedCurrentVersion, string reason, CancellationToken cancellationToken = default) =>
        RollbackAliasCoreAsync(modelName, aliasName, expectedCurrentVersion, reason, cancellationToken);

    private async Task<ModelAlias> RollbackAliasCoreAsync(string modelName, string aliasName, int? expected, string reason, CancellationToken cancellationToken)
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(modelName, "reason", $"a rollback of alias '{aliasName}' requires a reason");
        }

        CheckReason(modelName, reason);

        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.RollbackAlias, modelName, null, aliasName, reason, cancellationToken).ConfigureAwait(false);
        }

        return await CommitAsync(modelName, state =>
        {
            var model = RequireModel(state, modelName);
            var found = model.AliasTable.GetValueOrDefault(aliasName);
            if (expected is { } e && found?.Version != e)
            {
                throw new ConcurrencyConflictException(modelName, aliasName, e, found?.Version);
            }

            var current = found ?? throw new AliasNotFoundException(modelName, aliasName);
            var chain = model.Aliases[aliasName].Chain;
            int? target = null;
            for (var i = chain.Count - 1; i >= 0; i--)
            {
                var candidate = model.FindVersion(chain[i]);
                if (candidate is { Status: not (ModelVersionStatus.Rejected or ModelVersionStatus.Archived), Purged: null })
                {
                    target = candidate.Version;
                    break;
                }
            }

            if (target is not { } to)
            {
                throw new RollbackUnavailableException(modelName, aliasName, current.Version);
            }

            var payload = NewPayload(
                reason,
                to,
                aliasName,
                before: JsonSerializer.SerializeToElement(current.Version, ModelOpsJsonContext.Default.Int32),
                after: JsonSerializer.SerializeToElement(to, ModelOpsJsonContext.Default.Int32));
            return WriteDecision<ModelAlias>.Write(JournalKinds.AliasRolledBack, payload, e => new ModelAlias(modelName, aliasName, to, e.Timestamp, e.Sequence));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<ModelAlias> ResolveAliasAsync(string modelName, string aliasName, CancellationToken cancellationToken = default)
    {
        // Fast path: a fresh replica answers from a copy-on-write table, with no lock, no I/O and no allocation; so does a stale one
        // while the store is unreachable, without waiting on it.
        if ((IsFresh || AnswersThroughOutage()) && !_disposed
            && _replica.FindModelLockFree(modelName) is { } model
            && model.AliasTable.TryGetValue(aliasName, out var alias))
        {
            return new ValueTask<ModelAlias>(alias);
        }

        return ResolveAliasSlowAsync(modelName, aliasName, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ModelAlias>> ListAliasesAsync(string modelName, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        await EnsureScopeAsync(modelName, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            return RequireModel(_replica.Find(modelName), modelName).AliasTable.Values.OrderBy(a => a.Alias, StringComparer.Ordinal).ToArray();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<AliasChange>> GetAliasHistoryAsync(string modelName, string aliasName, CancellationToken cancellationToken = default)
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        await EnsureScopeAsync(modelName, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            var model = RequireModel(_replica.Find(modelName), modelName);
            return model.Aliases.TryGetValue(aliasName, out var state) ? state.History.ToArray() : [];
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int?> ResolveAliasAtAsync(string modelName, string aliasName, DateTimeOffset pointInTime, CancellationToken cancellationToken = default)
    {
        var history = await GetAliasHistoryAsync(modelName, aliasName, cancellationToken).ConfigureAwait(false);
        return history.LastOrDefault(c => c.Timestamp <= pointInTime)?.Version;
    }

    /// <inheritdoc/>
    public async ValueTask<int?> ResolveAliasAtSequenceAsync(string modelName, string aliasName, long sequence, CancellationToken cancellationToken = default)
    {
        var history = await GetAliasHistoryAsync(modelName, aliasName, cancellationToken).ConfigureAwait(false);
        return history.LastOrDefault(c => c.Sequence <= sequence)?.Version;
    }

    private async ValueTask<ModelAlias> ResolveAliasSlowAsync(string modelName, string aliasName, CancellationToken cancellationToken)
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        await EnsureScopeAsync(modelName, cancellationToken).ConfigureAwait(false);
        lock (_replica.Gate)
        {
            var model = RequireModel(_replica.Find(modelName), modelName);
            return model.AliasTable.GetValueOrDefault(aliasName) ?? throw new AliasNotFoundException(modelName, aliasName);
        }
    }

    private async Task<ModelAlias> MoveAliasCoreAsync(string modelName, string aliasName, int version, bool checkExpected, int? expected, string? reason, CancellationToken cancellationToken)
    {
        NameRules.ValidateModelName(modelName);
        NameRules.ValidateAlias(aliasName);
        CheckReason(modelName, reason);
        if (HasGuards)
        {
            await GuardAsync(RegistryOperationKind.MoveAlias, modelName, version, aliasName, reason, cancellationToken).ConfigureAwait(false);
        }

        return await CommitAsync(modelName, state =>
        {
            var model = RequireModel(state, modelName);
            var target = RequireVersion(model, version);
            var current = model.AliasTable.GetValueOrDefault(aliasName);
            if (checkExpected && current?.Version != expected)
            {
                throw new ConcurrencyConflictException(modelName, aliasName, expected, current?.Version);
            }

            ThrowIfPurged(target);
            if (target.Status is ModelVersionStatus.Rejected or ModelVersionStatus.Archived)
            {
                throw new LifecycleTransitionException(modelName, version, target.Status, null,
                    $"Alias '{aliasName}' of model '{modelName}' cannot point to version {version}: it is {target.Status}.");
            }

            if (current?.Version == version)
            {
                return WriteDecision<ModelAlias>.Done(current);
            }

            var payload = NewPayload(
                reason,
                version,
                aliasName,
                before: current is null ? null : JsonSerializer.SerializeToElement(current.Version, ModelOpsJsonContext.Default.Int32),
                after: JsonSerializer.SerializeToElement(version, ModelOpsJsonContext.Default.Int32));
            return WriteDecision<ModelAlias>.Write(JournalKinds.AliasMoved, payload, e => new ModelAlias(modelName, aliasName, version, e.Timestamp, e.Sequence));
        }, cancellationToken).ConfigureAwait(false);
    }
}
