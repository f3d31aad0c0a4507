using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Governance.Approvals;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;
using ModelOps.Sdk.Governance.Policies;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk.Governance;

/// <summary>The default <see cref="IGovernanceService"/>, over the registry; the rules themselves are enforced by <see cref="GovernanceGuard"/>.</summary>
internal sealed class GovernanceService : IGovernanceService
{
    private readonly IModelRegistry _registry;
    private readonly GovernanceOptions _options;
    private readonly PromotionPolicyResolver _policies;
    private readonly IPromotionGate[] _registeredGates;
    private readonly IActorAccessor _actor;
    private readonly TimeProvider _time;

    public GovernanceService(
        IModelRegistry registry,
        IOptions<GovernanceOptions> options,
        PromotionPolicyResolver policies,
        IEnumerable<IPromotionGate> registeredGates,
        IActorAccessor actor,
        TimeProvider time)
    {
        _registry = registry;
        _options = options.Value;
        _policies = policies;
        _registeredGates = registeredGates.ToArray();
        _actor = actor;
        _time = time;
    }

    public async Task<GateReport> EvaluateGatesAsync(string modelName, int version, CancellationToken cancellationToken = default) =>
        (await EvaluateAndStoreAsync(modelName, version, cancellationToken).ConfigureAwait(false)).Report;

    /// <summary>
    /// Evaluates the gates of the policy in effect now and stores the report; returns the stored document and the policy too, so an
    /// approval can name the report without reading it back and count approvals against the same policy.
    /// </summary>
    private async Task<(GateReport Report, ModelDocument Document, PromotionPolicy Policy)> EvaluateAndStoreAsync(string modelName, int version, CancellationToken cancellationToken)
    {
        var effective = await _policies.ResolveAsync(_registry, modelName, cancellationToken).ConfigureAwait(false);
        var candidate = await _registry.GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        ModelVersion? champion = null;
        var aliases = await _registry.ListAliasesAsync(modelName, cancellationToken).ConfigureAwait(false);
        var (_, championAlias) = await _policies.ResolveAliasesAsync(_registry, modelName, cancellationToken).ConfigureAwait(false);
        if (aliases.FirstOrDefault(a => string.Equals(a.Alias, championAlias, StringComparison.Ordinal)) is { } alias)
        {
            champion = await _registry.GetVersionAsync(modelName, alias.Version, cancellationToken).ConfigureAwait(false);
        }

        var overrides = await GovernanceEvidence.OverridesAsync(_registry, modelName, version, cancellationToken).ConfigureAwait(false);
        var context = new GateContext(_registry, candidate, champion);
        var results = new List<GateResult>();
        foreach (var gate in effective.Policy.Gates.Concat(_registeredGates))
        {
            var result = await gate.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            // A version that does not load is never approved: those gates' failures cannot be overridden.
            if (!result.Passed && gate is not (ArtifactLoadsGate or InputExampleScoresGate) && !IsInputExampleGate(gate) && overrides.TryGetValue(result.Gate, out var by))
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
            PolicySource = effective.Source,
            PolicySha256 = effective.StoredRevision?.Sha256,
            Results = results,
        };

        ModelDocument document;
        using (GovernanceGuard.AllowGateReport())
        {
            document = await _registry.AttachDocumentAsync(new DocumentAttachment
            {
                ModelName = modelName,
                Version = version,
                Kind = DocumentKinds.GateReport,
                Name = "gate-report.json",
                Content = JsonSerializer.SerializeToUtf8Bytes(report, GovernanceJson.Default.GateReport),
                Reason = report.Passed ? "all gates passed" : $"failed: {string.Join(", ", report.Failures.Select(f => f.Gate))}",
            }, cancellationToken).ConfigureAwait(false);
        }

        return (report, document, effective.Policy);
    }

    public async Task<GateReport?> GetGateReportAsync(string modelName, int version, CancellationToken cancellationToken = default) =>
        (await GovernanceEvidence.LatestReportAsync(_registry, modelName, version, cancellationToken).ConfigureAwait(false))?.Report;

    public async Task<ApprovalOutcome> ApproveAsync(string modelName, int version, string? comment = null, CancellationToken cancellationToken = default)
    {
        var (report, reportDocument, policy) = await EvaluateAndStoreAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        if (!report.Passed)
        {
            // The transition is refused by the guard, which audits the refusal with the failed gates.
            await _registry.TransitionAsync(modelName, version, ModelVersionStatus.Approved, "approval attempted", cancellationToken).ConfigureAwait(false);
        }

        await _registry.AttachDocumentAsync(new DocumentAttachment
        {
            ModelName = modelName,
            Version = version,
            Kind = DocumentKinds.Approval,
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
            Kind = DocumentKinds.GateOverride,
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
            Kind = DocumentKinds.ModelCard,
            Name = "model-card.json",
            Content = JsonSerializer.SerializeToUtf8Bytes(content, GovernanceJson.Default.ModelCardContent),
            Reason = "model card",
        }, cancellationToken).ConfigureAwait(false);
        return await GetModelCardAsync(modelName, version, cancellationToken).ConfigureAwait(false);
    }

    public Task<ModelCard> GetModelCardAsync(string modelName, int version, CancellationToken cancellationToken = default) =>
        ModelCardAssembler.AssembleAsync(_registry, modelName, version, cancellationToken);

    public async Task<EffectivePromotionPolicy> SetPolicyAsync(string? modelName, PromotionPolicyDocument policy, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new InvalidRegistrationException(modelName, "reason", "changing a promotion policy requires a reason");
        }

        // Everything is checked before anything is stored: a policy that does not build is never attached.
        var built = _policies.Catalog.CreatePolicy(policy, modelName);
        ModelDocument stored;
        using (GovernanceGuard.AllowPolicy())
        {
            stored = await _registry.AttachDocumentAsync(new DocumentAttachment
            {
                ModelName = modelName,
                Kind = DocumentKinds.PromotionPolicy,
                Name = PromotionPolicyResolver.DocumentName,
                Content = policy.ToUtf8Json(),
                Reason = reason,
            }, cancellationToken).ConfigureAwait(false);
        }

        return new EffectivePromotionPolicy(
            modelName,
            modelName is null ? PromotionPolicySource.StoredDefaultPolicy : PromotionPolicySource.StoredModelPolicy,
            built,
            policy,
            stored);
    }

    public Task<EffectivePromotionPolicy> GetPolicyAsync(string? modelName, CancellationToken cancellationToken = default) =>
        _policies.ResolveAsync(_registry, modelName, cancellationToken);

    public async Task<IReadOnlyList<PromotionPolicyRevision>> GetPolicyHistoryAsync(string? modelName, CancellationToken cancellationToken = default)
    {
        var revisions = await PromotionPolicyResolver.RevisionsAsync(_registry, modelName, cancellationToken).ConfigureAwait(false);
        if (revisions.Count == 0)
        {
            return [];
        }

        // The reason lives in the attachment's audit entry (same registry-wide sequence number), as for every other change.
        var audit = await _registry.ReadAuditLogAsync(modelName ?? AuditScopes.Registry, cancellationToken).ConfigureAwait(false);
        var reasons = audit.Where(e => e.Operation == AuditOperations.DocumentAttached).ToDictionary(e => e.Sequence, e => e.Reason);
        var history = new List<PromotionPolicyRevision>(revisions.Count);
        foreach (var revision in revisions)
        {
            var document = await _policies.ReadAsync(_registry, revision, cancellationToken).ConfigureAwait(false);
            history.Add(new PromotionPolicyRevision(revision, document, reasons.GetValueOrDefault(revision.Sequence)));
        }

        return history;
    }

    private static bool IsInputExampleGate(IPromotionGate gate) =>
        gate.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(InputExampleGate<,>);
}
