using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance.Approvals;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance;

/// <summary>The default <see cref="IGovernanceService"/>, over the registry; the rules themselves are enforced by <see cref="GovernanceGuard"/>.</summary>
internal sealed class GovernanceService : IGovernanceService
{
    private readonly IModelRegistry _registry;
    private readonly GovernanceOptions _options;
    private readonly IPromotionGate[] _registeredGates;
    private readonly IActorAccessor _actor;
    private readonly TimeProvider _time;

    public GovernanceService(IModelRegistry registry, IOptions<GovernanceOptions> options, IEnumerable<IPromotionGate> registeredGates, IActorAccessor actor, TimeProvider time)
    {
        _registry = registry;
        _options = options.Value;
        _registeredGates = registeredGates.ToArray();
        _actor = actor;
        _time = time;
    }

    public async Task<GateReport> EvaluateGatesAsync(string modelName, int version, CancellationToken cancellationToken = default) =>
        (await EvaluateAndStoreAsync(modelName, version, cancellationToken).ConfigureAwait(false)).Report;

    /// <summary>Evaluates the gates and stores the report; returns the stored document too, so an approval can name it without reading it back.</summary>
    private async Task<(GateReport Report, ModelDocument Document)> EvaluateAndStoreAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var candidate = await _registry.GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        ModelVersion? champion = null;
        var aliases = await _registry.ListAliasesAsync(modelName, cancellationToken).ConfigureAwait(false);
        if (aliases.FirstOrDefault(a => string.Equals(a.Alias, _options.ChampionAlias, StringComparison.Ordinal)) is { } alias)
        {
            champion = await _registry.GetVersionAsync(modelName, alias.Version, cancellationToken).ConfigureAwait(false);
        }

        var overrides = await GovernanceEvidence.OverridesAsync(_registry, modelName, version, cancellationToken).ConfigureAwait(false);
        var context = new GateContext(_registry, candidate, champion);
        var results = new List<GateResult>();
        foreach (var gate in _options.PolicyFor(modelName).Gates.Concat(_registeredGates))
        {
            var result = await gate.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            if (!result.Passed && overrides.TryGetValue(result.Gate, out var by))
            {
                result = result with { Passed = true, OverriddenBy = by, Reason = $"{result.Reason} (failure overridden by {by})" };
            }

            results.Add(result);
        }

        var report = new GateReport
        {
            ModelName = modelName,
            Version = version,
            ChampionVersion = champion?.Version,
            EvaluatedAt = _time.GetUtcNow(),
            EvaluatedBy = _actor.Actor?.Identity?.Name ?? "anonymous",
            Results = results,
        };

        ModelDocument document;
        using (GovernanceGuard.AllowGateReport())
        {
            document = await _registry.AttachDocumentAsync(new DocumentAttachment
            {
                ModelName = modelName,
                Version = version,
                Kind = GovernanceDocumentKinds.GateReport,
                Name = "gate-report.json",
                Content = JsonSerializer.SerializeToUtf8Bytes(report, GovernanceJson.Default.GateReport),
                Reason = report.Passed ? "all gates passed" : $"failed: {string.Join(", ", report.Failures.Select(f => f.Gate))}",
            }, cancellationToken).ConfigureAwait(false);
        }

        return (report, document);
    }

    public async Task<GateReport?> GetGateReportAsync(string modelName, int version, CancellationToken cancellationToken = default) =>
        (await GovernanceEvidence.LatestReportAsync(_registry, modelName, version, cancellationToken).ConfigureAwait(false))?.Report;

    public async Task<ApprovalOutcome> ApproveAsync(string modelName, int version, string? comment = null, CancellationToken cancellationToken = default)
    {
        var (report, reportDocument) = await EvaluateAndStoreAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        var policy = _options.PolicyFor(modelName);
        if (!report.Passed)
        {
            // The transition is refused by the guard, which audits the refusal with the failed gates.
            await _registry.TransitionAsync(modelName, version, ModelVersionStatus.Approved, "approval attempted", cancellationToken).ConfigureAwait(false);
        }

        await _registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = modelName,
            Version = version,
            Kind = GovernanceDocumentKinds.Approval,
            Name = "approval.json",
            Content = JsonSerializer.SerializeToUtf8Bytes(new ApprovalRecord(comment, reportDocument.Sha256), GovernanceJson.Default.ApprovalRecord),
            Reason = comment,
        }, cancellationToken).ConfigureAwait(false);

        var record = await _registry.GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        var approvers = await GovernanceEvidence.ApproversAsync(_registry, modelName, version, record.RegisteredBy, cancellationToken).ConfigureAwait(false);
        if (approvers.Count >= policy.RequiredApprovals && record.Status == ModelVersionStatus.PendingApproval)
        {
            record = await _registry.TransitionAsync(
                modelName,
                version,
                ModelVersionStatus.Approved,
                $"approved by {string.Join(", ", approvers)} on gate report {reportDocument.Sha256} (revision {reportDocument.Revision})",
                cancellationToken).ConfigureAwait(false);
        }

        return new ApprovalOutcome(record, approvers, policy.RequiredApprovals, report);
    }

    public Task<ModelVersion> RejectAsync(string modelName, int version, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(modelName, "reason", $"rejecting version {version} requires a reason");
        }

        return _registry.TransitionAsync(modelName, version, ModelVersionStatus.Rejected, reason, cancellationToken);
    }

    public async Task OverrideGateAsync(string modelName, int version, string gate, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gate);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(modelName, "reason", $"overriding gate '{gate}' of version {version} requires a reason");
        }

        await _registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = modelName,
            Version = version,
            Kind = GovernanceDocumentKinds.GateOverride,
            Name = "gate-override.json",
            Content = JsonSerializer.SerializeToUtf8Bytes(new GateOverride(gate, reason), GovernanceJson.Default.GateOverride),
            Reason = $"gate '{gate}' overridden: {reason}",
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ModelCard> SaveModelCardAsync(string modelName, int version, ModelCardContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        await _registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = modelName,
            Version = version,
            Kind = GovernanceDocumentKinds.ModelCard,
            Name = "model-card.json",
            Content = JsonSerializer.SerializeToUtf8Bytes(content, GovernanceJson.Default.ModelCardContent),
            Reason = "model card",
        }, cancellationToken).ConfigureAwait(false);
        return await GetModelCardAsync(modelName, version, cancellationToken).ConfigureAwait(false);
    }

    public Task<ModelCard> GetModelCardAsync(string modelName, int version, CancellationToken cancellationToken = default) =>
        ModelCardAssembler.AssembleAsync(_registry, modelName, version, cancellationToken);
}
