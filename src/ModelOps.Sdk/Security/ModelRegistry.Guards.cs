using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Journal;
using ModelOps.Sdk.Naming;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Registry;

internal sealed partial class ModelRegistry
{
    /// <summary>Whether any guard is registered; without one, writes skip building the operation.</summary>
    private bool HasGuards => _guards.Length != 0;

    /// <inheritdoc/>
    public async Task AuthorizeAsync(RegistryOperationKind kind, string? modelName, int? version, string? reason, CancellationToken cancellationToken = default)
    {
        if (modelName is not null)
        {
            NameRules.ValidateModelName(modelName);
        }

        CheckReason(modelName, reason);
        if (HasGuards)
        {
            await GuardAsync(kind, modelName, version, null, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Asks every guard about a change, in registration order. A refusal is recorded in the audit log (the model's chain, or the
    /// registry's for a model that does not exist yet) and rethrown; nothing else is stored.
    /// </summary>
    private async ValueTask GuardAsync(
        RegistryOperationKind kind,
        string? modelName,
        int? version,
        string? alias,
        string? reason,
        CancellationToken cancellationToken,
        ModelVersionStatus? requestedStatus = null,
        string? documentKind = null,
        ModelVersionRegistration? registration = null,
        string? documentName = null)
    {
        await EnsureScopeAsync(modelName ?? AuditScopes.Registry, cancellationToken).ConfigureAwait(false);
        int? currentAliasVersion = null;
        ModelVersionStatus? currentStatus = null;
        if (modelName is not null)
        {
            lock (_replica.Gate)
            {
                var model = _replica.Find(modelName);
                if (alias is not null && model is not null && model.AliasTable.TryGetValue(alias, out var current))
                {
                    currentAliasVersion = current.Version;
                }

                if (kind == RegistryOperationKind.Transition && version is { } v && model?.FindVersion(v) is { } record)
                {
                    currentStatus = record.Status;
                }
            }
        }

        var operation = new RegistryOperation
        {
            Kind = kind,
            ModelName = modelName,
            Version = version,
            Alias = alias,
            CurrentAliasVersion = currentAliasVersion,
            CurrentStatus = currentStatus,
            RequestedStatus = requestedStatus,
            DocumentKind = documentKind,
            DocumentName = documentName,
            Registration = registration,
            Reason = string.IsNullOrWhiteSpace(reason) ? null : reason,
            Actor = _actorAccessor.Actor,
            ActorName = CurrentActor().Name,
            Registry = this,
        };

        foreach (var guard in _guards)
        {
            try
            {
                await guard.CheckAsync(operation, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationRefusedException refused)
            {
                await RecordRefusalAsync(operation, refused).ConfigureAwait(false);
                throw;
            }
        }
    }

    private async Task RecordRefusalAsync(RegistryOperation operation, OperationRefusedException refused)
    {
        string scope;
        lock (_replica.Gate)
        {
            scope = operation.ModelName is { } name && _replica.Find(name) is not null ? name : AuditScopes.Registry;
        }

        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["operation"] = DescribeOperation(refused.Operation),
            ["rule"] = refused.Rule,
        };
        if (operation.ModelName is { } model)
        {
            details["model"] = model;
        }

        if (operation.Reason is { } requestReason)
        {
            details["requestReason"] = requestReason;
        }

        if (operation.RequestedStatus is { } status)
        {
            details["requestedStatus"] = status.ToString();
        }

        if (operation.DocumentKind is { } documentKind)
        {
            details["documentKind"] = documentKind;
        }

        if (operation.DocumentName is { } documentName)
        {
            details["documentName"] = documentName;
        }

        var payload = NewPayload(
            refused.Message,
            operation.Version,
            operation.Alias,
            after: JsonSerializer.SerializeToElement(details, ModelOpsJsonContext.Default.DictionaryStringString));
        try
        {
            // Not cancellable: the caller's refusal is final, and its record must not depend on the caller waiting for it.
            await CommitAsync(scope, _ => WriteDecision<bool>.Write(JournalKinds.OperationRefused, payload, _ => true), CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ModelOpsException or IOException)
        {
            // The change stays refused either way; the caller gets the refusal, the operator the reason it was not recorded.
            LogRefusalNotAudited(_logger, refused.Rule, scope, ex);
        }
    }

    /// <summary>Whether a stored policy governs a chain: one stored for the model, or a registry-wide one (under the replica's lock).</summary>
    private bool GovernedByStoredPolicy(string scope, ModelState? state)
    {
        static bool HasPolicy(ModelState? s) =>
            s is not null && s.Documents.Exists(d => d.Version is null && string.Equals(d.Kind, DocumentKinds.PromotionPolicy, StringComparison.Ordinal));

        return HasPolicy(state) || (!string.Equals(scope, AuditScopes.Registry, StringComparison.Ordinal) && HasPolicy(_replica.Find(AuditScopes.Registry)));
    }

    private static string DescribeOperation(RegistryOperationKind kind) => kind switch
    {
        RegistryOperationKind.Register => "version.register",
        RegistryOperationKind.UpdateTags => "version.update-tags",
        RegistryOperationKind.UpdateDescription => "version.update-description",
        RegistryOperationKind.Transition => "version.transition",
        RegistryOperationKind.MoveAlias => "alias.move",
        RegistryOperationKind.DeleteAlias => "alias.delete",
        RegistryOperationKind.RollbackAlias => "alias.rollback",
        RegistryOperationKind.AttachDocument => "document.attach",
        RegistryOperationKind.PurgeVersion => "version.purge",
        RegistryOperationKind.PurgeDocument => "document.purge",
        RegistryOperationKind.CollectArtifacts => "artifacts.collect",
        _ => kind.ToString(),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "A refusal by rule '{Rule}' could not be written to the audit chain '{Scope}'; the change was refused anyway.")]
    private static partial void LogRefusalNotAudited(ILogger logger, string rule, string scope, Exception exception);
}
