using System.Collections.Concurrent;

namespace ModelOps.Sdk.Security;

/// <summary>
/// The guard a registry without governance consults first (it is not registered when a guard is an
/// <see cref="IStoredPolicyEnforcer"/>): it fails closed on every change a policy stored in the registry governs, so a host built
/// without governance cannot move a protected alias, approve a governed version, or rewrite the policy that binds the others;
/// and it refuses every purge, which needs a role that only governance checks.
/// </summary>
internal sealed class StoredPolicyGuard : IRegistryOperationGuard
{
    private const int MaxCachedPolicies = 256;
    private readonly ConcurrentDictionary<string, StoredAliasPolicy> _parsed = new(StringComparer.Ordinal);

    public async ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        switch (operation.Kind)
        {
            case RegistryOperationKind.AttachDocument when string.Equals(operation.DocumentKind, DocumentKinds.PromotionPolicy, StringComparison.Ordinal)
                || string.Equals(operation.DocumentKind, DocumentKinds.RetentionPolicy, StringComparison.Ordinal):
                throw new UngovernedChangeException(operation.Kind, operation.ModelName, null, operation.ModelName, null,
                    $"This registry enforces no governance, so it may not store a policy "
                    + (operation.ModelName is null ? "for the registry" : $"for model '{operation.ModelName}'")
                    + ": store policies from a process with governance (IGovernanceService.SetPolicyAsync, modelops policy set).");

            case RegistryOperationKind.PurgeVersion or RegistryOperationKind.PurgeDocument:
                // Purging needs a role, and a registry without governance has no roles to check: it fails closed.
                throw new UngovernedChangeException(operation.Kind, operation.ModelName, null, null, null,
                    $"This registry enforces no governance, so it may not purge "
                    + (operation.Kind == RegistryOperationKind.PurgeVersion ? $"version {operation.Version} of model '{operation.ModelName}'" : $"a '{operation.DocumentKind}' document")
                    + ": purge from a process with governance (IRetentionService, modelops retention apply), which checks the purging role.");

            case RegistryOperationKind.CollectArtifacts:
                throw new UngovernedChangeException(operation.Kind, null, null, null, null,
                    "This registry enforces no governance, so it may not delete blobs from the artifact store: collect from a process with "
                    + "governance (IArtifactCollector, modelops gc), which checks the purging role. A dry run is allowed.");

            case RegistryOperationKind.MoveAlias or RegistryOperationKind.RollbackAlias or RegistryOperationKind.DeleteAlias:
                foreach (var policy in await LoadAsync(operation, cancellationToken).ConfigureAwait(false))
                {
                    if (policy.ProtectedAliases.Contains(operation.Alias!, StringComparer.Ordinal))
                    {
                        throw new UngovernedChangeException(operation.Kind, operation.ModelName, operation.Alias, policy.ModelName, policy.Revision,
                            $"Alias '{operation.Alias}' of model '{operation.ModelName}' is protected by {policy.Description}, and this registry enforces no governance (no IStoredPolicyEnforcer, for example a host without AddGovernance): change it from a process with governance.");
                    }
                }

                break;

            case RegistryOperationKind.Transition when operation.RequestedStatus == ModelVersionStatus.Approved:
                var governing = await LoadAsync(operation, cancellationToken).ConfigureAwait(false);
                if (governing.Count > 0)
                {
                    var policy = governing[0];
                    throw new UngovernedChangeException(operation.Kind, operation.ModelName, null, policy.ModelName, policy.Revision,
                        $"Version {operation.Version} of model '{operation.ModelName}' is governed by {policy.Description}, and this registry enforces no governance (no IStoredPolicyEnforcer, for example a host without AddGovernance): approve it from a process with governance.");
                }

                break;
        }
    }

    /// <summary>The latest stored policies that apply to the operation's model: the model's own first, then the registry-wide one.</summary>
    private async Task<IReadOnlyList<StoredAliasPolicy>> LoadAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        var policies = new List<StoredAliasPolicy>(2);
        foreach (var scope in new[] { operation.ModelName, null })
        {
            var documents = await operation.Registry.ListDocumentsAsync(scope, null, DocumentKinds.PromotionPolicy, cancellationToken).ConfigureAwait(false);
            var latest = documents.Where(d => string.Equals(d.Name, StoredAliasPolicy.DocumentName, StringComparison.Ordinal)).MaxBy(d => d.Revision);
            if (latest is null)
            {
                continue;
            }

            if (!_parsed.TryGetValue(latest.Sha256, out var policy))
            {
                try
                {
                    policy = StoredAliasPolicy.Read(latest, (await operation.Registry.ReadDocumentAsync(latest, cancellationToken).ConfigureAwait(false)).Span);
                }
                catch (ModelOpsException ex) when (ex is StorageFormatException or ArtifactIntegrityException)
                {
                    // Fails closed: a policy this registry cannot read governs everything it could have governed.
                    var description = (scope is null ? "the registry-wide stored policy" : $"the stored policy of model '{scope}'") + $" (revision {latest.Revision})";
                    throw new UngovernedChangeException(operation.Kind, operation.ModelName, operation.Alias, scope, latest.Revision,
                        $"{description} cannot be read ({ex.Message}), and this registry enforces no governance: the change is refused.", ex);
                }

                if (_parsed.Count >= MaxCachedPolicies)
                {
                    _parsed.Clear();
                }

                _parsed[latest.Sha256] = policy;
            }

            // The cache is keyed by content; the revision and scope are the document's.
            policies.Add(policy.ModelName == scope && policy.Revision == latest.Revision
                ? policy
                : new StoredAliasPolicy(scope, latest.Revision, policy.ProtectedAliases, policy.ChampionAlias));
        }

        return policies;
    }
}
