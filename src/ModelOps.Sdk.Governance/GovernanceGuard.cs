using System.Security.Claims;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance;

/// <summary>
/// Enforces governance on every registry change: role-based authorization, separation of duties, approval only after the gates
/// passed and the approvals are in, protected aliases only on approved versions, and gate reports only from gate evaluation.
/// Rollback of a protected alias is always allowed to a deployer: it is the emergency exit (the registry requires its reason).
/// Protected aliases are the configured ones plus those of the stored policies (<see cref="StoredAliasPolicy"/>); as the
/// <see cref="IStoredPolicyEnforcer"/>, this guard stands in for the core's fail-closed refusal of changes stored policies govern.
/// Changing a promotion policy ("change policy") needs <see cref="GovernanceRoles.ChangePolicy"/> and goes through
/// <see cref="IGovernanceService.SetPolicyAsync"/>, which validates the policy before storing it.
/// </summary>
internal sealed class GovernanceGuard : IStoredPolicyEnforcer
{
    private static readonly AsyncLocal<bool> WritingGateReport = new();
    private static readonly AsyncLocal<bool> WritingPolicy = new();
    private readonly GovernanceOptions _options;
    private readonly PromotionPolicyResolver _policies;

    public GovernanceGuard(IOptions<GovernanceOptions> options, PromotionPolicyResolver policies)
    {
        _options = options.Value;
        _policies = policies;
    }

    /// <summary>Marks the current flow as the gate evaluation writing its report, until disposed.</summary>
    public static IDisposable AllowGateReport()
    {
        WritingGateReport.Value = true;
        return new Scope(WritingGateReport);
    }

    /// <summary>Marks the current flow as <see cref="IGovernanceService.SetPolicyAsync"/> storing a validated policy, until disposed.</summary>
    public static IDisposable AllowPolicy()
    {
        WritingPolicy.Value = true;
        return new Scope(WritingPolicy);
    }

    public async ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var roles = _options.Roles;
        switch (operation.Kind)
        {
            case RegistryOperationKind.Register:
                RequireRole(operation, roles.Register, "register a version");
                break;

            case RegistryOperationKind.Transition when operation.RequestedStatus == ModelVersionStatus.Archived:
                RequireRole(operation, roles.Administer, $"archive version {operation.Version}");
                break;

            case RegistryOperationKind.Transition when operation.RequestedStatus == ModelVersionStatus.Approved:
                RequireRole(operation, roles.Approve, $"approve version {operation.Version}");
                await RequireApprovableAsync(operation, cancellationToken).ConfigureAwait(false);
                break;

            case RegistryOperationKind.Transition:
                RequireRole(operation, roles.Approve, $"change the status of version {operation.Version} to {operation.RequestedStatus}");
                break;

            case RegistryOperationKind.MoveAlias when await IsProtectedAsync(operation, cancellationToken).ConfigureAwait(false):
                RequireRole(operation, roles.Deploy, $"move protected alias '{operation.Alias}'");
                var target = await operation.Registry.GetVersionAsync(operation.ModelName!, operation.Version!.Value, cancellationToken).ConfigureAwait(false);
                if (target.Status != ModelVersionStatus.Approved)
                {
                    throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.ProtectedAlias,
                        $"Protected alias '{operation.Alias}' of model '{operation.ModelName}' cannot point to version {target.Version}: it is {target.Status}, not Approved (it must pass its gates and approvals first).");
                }

                break;

            case RegistryOperationKind.RollbackAlias when await IsProtectedAsync(operation, cancellationToken).ConfigureAwait(false):
                RequireRole(operation, roles.Deploy, $"roll back protected alias '{operation.Alias}'");
                break;

            case RegistryOperationKind.DeleteAlias when await IsProtectedAsync(operation, cancellationToken).ConfigureAwait(false):
                RequireRole(operation, roles.Administer, $"delete protected alias '{operation.Alias}'");
                break;

            case RegistryOperationKind.AttachDocument when operation.DocumentKind == DocumentKinds.GateReport:
                if (!WritingGateReport.Value)
                {
                    throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.GateReportWriter,
                        $"Gate reports of model '{operation.ModelName}' are written only by evaluating the gates (IGovernanceService.EvaluateGatesAsync), not attached directly.");
                }

                break;

            case RegistryOperationKind.AttachDocument when operation.DocumentKind == DocumentKinds.Approval:
                RequireRole(operation, roles.Approve, $"approve version {operation.Version}");
                await RequireSeparateApproverAsync(operation, cancellationToken).ConfigureAwait(false);
                break;

            case RegistryOperationKind.AttachDocument when operation.DocumentKind == DocumentKinds.GateOverride:
                RequireRole(operation, roles.Administer, $"override a gate of version {operation.Version}");
                break;

            case RegistryOperationKind.AttachDocument when operation.DocumentKind == DocumentKinds.RetentionPolicy:
                RequireRole(operation, roles.ChangePolicy, operation.ModelName is null ? "change the registry-wide default retention policy" : "change the retention policy");
                if (operation.Version is not null || !WritingPolicy.Value)
                {
                    throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.PolicyDocument,
                        $"Retention policies {(operation.ModelName is null ? "of the registry" : $"of model '{operation.ModelName}'")} are stored only by IRetentionService.SetPolicyAsync, which validates them first, at model or registry level.");
                }

                break;

            case RegistryOperationKind.PurgeVersion:
                RequireRole(operation, roles.Purge, $"purge version {operation.Version}");
                break;

            case RegistryOperationKind.CollectArtifacts:
                RequireRole(operation, roles.Purge, "delete unreferenced blobs from the artifact store");
                break;

            case RegistryOperationKind.PurgeDocument:
                RequireRole(operation, roles.Purge, $"purge a '{operation.DocumentKind}' document");
                await RequirePurgeableDocumentAsync(operation, cancellationToken).ConfigureAwait(false);
                break;

            case RegistryOperationKind.AttachDocument when operation.DocumentKind == DocumentKinds.PromotionPolicy:
                RequireRole(operation, roles.ChangePolicy, operation.ModelName is null ? "change the registry-wide default promotion policy" : "change the promotion policy");
                if (operation.Version is { } policyVersion)
                {
                    throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.PolicyDocument,
                        $"A promotion policy applies to a model or to the registry, not to version {policyVersion} of model '{operation.ModelName}'.");
                }

                if (!WritingPolicy.Value)
                {
                    throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.PolicyDocument,
                        $"Promotion policies {(operation.ModelName is null ? "of the registry" : $"of model '{operation.ModelName}'")} are stored only by IGovernanceService.SetPolicyAsync, which validates them first, not attached directly.");
                }

                break;
        }
    }

    /// <summary>
    /// Only the growing documents may be purged, never governance's evidence nor the last unpurged revision of a name (what readers
    /// such as experiment evaluation read).
    /// </summary>
    private static async Task RequirePurgeableDocumentAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        var kind = operation.DocumentKind;
        var where = operation.ModelName is null ? "the registry" : $"model '{operation.ModelName}'" + (operation.Version is { } v ? $" version {v}" : string.Empty);
        if (kind is not (DocumentKinds.MonitoringReport or DocumentKinds.ExperimentStatistics or DocumentKinds.ScorerTelemetry or DocumentKinds.ScorerTelemetrySeries))
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.RetentionEvidence,
                $"'{kind}' documents of {where} are kept for governance and audit; only monitoring reports, experiment statistics and scorer telemetry (snapshots and series) may be purged.");
        }

        if (kind == DocumentKinds.MonitoringReport && operation.DocumentName == Gates.ValidationReportGate.ReportName)
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.RetentionEvidence,
                $"The '{Gates.ValidationReportGate.ReportName}' monitoring report of {where} is evidence for its gates and model card and is never purged.");
        }

        if (kind == DocumentKinds.ScorerTelemetrySeries)
        {
            // Telemetry, not state a feature reads to decide: a series' latest revision goes with its age like any snapshot.
            return;
        }

        var documents = await operation.Registry.ListDocumentsAsync(operation.ModelName, operation.Version, kind, cancellationToken).ConfigureAwait(false);
        if (documents.Count(d => d.Name == operation.DocumentName && d.Purged is null) <= 1)
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.RetentionEvidence,
                $"Document '{kind}/{operation.DocumentName}' of {where} has no other unpurged revision: the last one is what its readers read and is never purged.");
        }
    }

    private async Task<bool> IsProtectedAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        if (operation.Alias is not { } alias || operation.ModelName is not { } model)
        {
            return false;
        }

        if (_options.ProtectedAliases.Contains(alias))
        {
            return true;
        }

        var (protectedAliases, _) = await _policies.ResolveAliasesAsync(operation.Registry, model, cancellationToken).ConfigureAwait(false);
        return protectedAliases.Contains(alias);
    }

    private void RequireRole(RegistryOperation operation, string? role, string what)
    {
        // An empty role, as configuration binds "Register": "", means anyone may, as null does (the tool reads it so too).
        if (!_options.EnforceRoles || string.IsNullOrWhiteSpace(role) || HasRole(operation.Actor, role))
        {
            return;
        }

        var scope = operation.ModelName is null ? "the registry" : $"model '{operation.ModelName}'";
        throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.Authorization,
            $"{operation.ActorName} may not {what} of {scope}: that needs the role '{role}'.", requiredRole: role);
    }

    private static bool HasRole(ClaimsPrincipal? principal, string role) =>
        principal is not null && (principal.IsInRole(role) || principal.HasClaim(ClaimTypes.Role, role));

    private static async Task RequireSeparateApproverAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        var model = operation.ModelName!;
        var version = operation.Version ?? throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.Approvals,
            $"An approval of model '{model}' must name a version.");
        var record = await operation.Registry.GetVersionAsync(model, version, cancellationToken).ConfigureAwait(false);
        if (string.Equals(record.RegisteredBy, operation.ActorName, StringComparison.Ordinal))
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.SeparationOfDuties,
                $"{operation.ActorName} registered version {version} of model '{model}' and so may not approve it.");
        }

        var approvers = await GovernanceEvidence.ApproversAsync(operation.Registry, model, version, record.RegisteredBy, cancellationToken).ConfigureAwait(false);
        if (approvers.Contains(operation.ActorName, StringComparer.Ordinal))
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.SeparationOfDuties,
                $"{operation.ActorName} has already approved version {version} of model '{model}'; another principal must give the next approval.");
        }
    }

    private async Task RequireApprovableAsync(RegistryOperation operation, CancellationToken cancellationToken)
    {
        var model = operation.ModelName!;
        var version = operation.Version!.Value;
        var latest = await GovernanceEvidence.LatestReportAsync(operation.Registry, model, version, cancellationToken).ConfigureAwait(false);
        if (latest is not { } evidence)
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.Gates,
                $"Version {version} of model '{model}' cannot be approved: its gates have not been evaluated.");
        }

        if (!evidence.Report.Passed)
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.Gates,
                $"Version {version} of model '{model}' cannot be approved: it failed gate(s) {string.Join("; ", evidence.Report.Failures.Select(f => $"{f.Gate} ({f.Reason})"))}.",
                report: evidence.Report);
        }

        var record = await operation.Registry.GetVersionAsync(model, version, cancellationToken).ConfigureAwait(false);
        var required = (await _policies.ResolveAsync(operation.Registry, model, cancellationToken).ConfigureAwait(false)).Policy.RequiredApprovals;
        var approvers = await GovernanceEvidence.ApproversAsync(operation.Registry, model, version, record.RegisteredBy, cancellationToken).ConfigureAwait(false);
        if (approvers.Count < required)
        {
            throw new GovernanceRefusalException(operation.Kind, GovernanceRefusalException.Rules.Approvals,
                $"Version {version} of model '{model}' has {approvers.Count} approval(s) from principals other than its registrant; its policy requires {required}.");
        }
    }

    private sealed class Scope(AsyncLocal<bool> flag) : IDisposable
    {
        public void Dispose() => flag.Value = false;
    }
}
