using ModelOps.Sdk.Governance.Approvals;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;
using ModelOps.Sdk.Governance.Policies;

namespace ModelOps.Sdk.Governance;

/// <summary>
/// Runs a model's promotion policy: evaluates its gates, records approvals and gate overrides, approves a version once it has
/// passed its gates and collected its approvals, and stores policies in the registry so a change applies to every instance
/// sharing it. The registry enforces the same rules on every change (through the governance
/// guard), so calling the registry directly cannot skip them.
/// </summary>
/// <remarks>Thread-safe. Every method acts as the principal that <see cref="Security.IActorAccessor"/> returns.</remarks>
public interface IGovernanceService
{
    /// <summary>
    /// Evaluates the model's gates for a version against the current champion and stores the report with the version (a
    /// <see cref="DocumentKinds.GateReport"/> document, audited).
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the evaluation.</param>
    /// <returns>The report.</returns>
    Task<GateReport> EvaluateGatesAsync(string modelName, int version, CancellationToken cancellationToken = default);

    /// <summary>Gets the latest stored gate report of a version, or <see langword="null"/> when its gates were never evaluated.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The report, or <see langword="null"/>.</returns>
    Task<GateReport?> GetGateReportAsync(string modelName, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Approves a version as the acting principal: evaluates the gates, records the approval (refused for the version's registrant
    /// and for a second approval by the same principal), and moves the version to <see cref="ModelVersionStatus.Approved"/> once
    /// the policy's approvals are in.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="comment">What the approver says, kept with the approval.</param>
    /// <param name="cancellationToken">Cancels the approval.</param>
    /// <returns>The approvals so far and whether the version is approved now.</returns>
    /// <exception cref="GovernanceRefusalException">The principal may not approve, or the version failed its gates.</exception>
    Task<ApprovalOutcome> ApproveAsync(string modelName, int version, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>Rejects a version as the acting principal (needs the approver role); a rejected version can never get an alias.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="reason">Why (required, kept in the audit log).</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The rejected version.</returns>
    Task<ModelVersion> RejectAsync(string modelName, int version, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts one gate's failure for one version, for example a deliberate breaking signature change (needs the administrator
    /// role; audited with the reason). Takes effect at the next <see cref="EvaluateGatesAsync"/>.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="gate">The gate's name, as in the report.</param>
    /// <param name="reason">Why the failure is accepted (required).</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the override is stored.</returns>
    Task OverrideGateAsync(string modelName, int version, string gate, string reason, CancellationToken cancellationToken = default);

    /// <summary>Stores the written part of a version's model card (a new revision of its <see cref="DocumentKinds.ModelCard"/> document, audited).</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="content">The written fields.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The card as it reads now.</returns>
    Task<ModelCard> SaveModelCardAsync(string modelName, int version, ModelCardContent content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets a version's model card: the stored written fields, completed from the registry (metrics, signature, lineage, status,
    /// approvers, gate results, owner tag) and the validation monitoring report (fairness). Render it with
    /// <see cref="ModelCard.ToMarkdown"/> or <see cref="ModelCard.ToJson"/>.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The card.</returns>
    Task<ModelCard> GetModelCardAsync(string modelName, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a promotion policy: validates it, then stores it as a new revision of the model's policy (or, with
    /// <paramref name="modelName"/> <see langword="null"/>, of the registry-wide default), a <see cref="DocumentKinds.PromotionPolicy"/>
    /// document whose attachment is audited with the actor and the reason. Every earlier revision stays readable
    /// (<see cref="GetPolicyHistoryAsync"/>). It takes effect at the next gate evaluation or approval on every instance that shares
    /// the registry, ahead of the configured policies (see <see cref="PromotionPolicySource"/> for the precedence).
    /// </summary>
    /// <param name="modelName">The model, which must exist; or <see langword="null"/> for the registry-wide default.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="reason">Why (required, kept in the audit log).</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The stored policy, as it now applies.</returns>
    /// <exception cref="InvalidPromotionPolicyException">The policy is invalid (every problem is listed, naming the gate and the field); nothing was stored.</exception>
    /// <exception cref="InvalidRegistrationException">The reason is missing.</exception>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="GovernanceRefusalException">The acting principal lacks <see cref="GovernanceRoles.ChangePolicy"/> (rule <see cref="GovernanceRefusalException.Rules.Authorization"/>); the refusal is audited.</exception>
    Task<EffectivePromotionPolicy> SetPolicyAsync(string? modelName, PromotionPolicyDocument policy, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gets the policy that applies to a model now, and where it comes from: the model's stored policy, its configured one, the
    /// stored registry-wide default, or the configured default, in that order of precedence. Gate evaluation and approval use
    /// exactly this policy (plus the DI-registered gates).
    /// </summary>
    /// <param name="modelName">The model, which must exist; or <see langword="null"/> for the default that applies to models without their own policy.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The effective policy.</returns>
    /// <exception cref="InvalidPromotionPolicyException">The stored policy cannot be built here (for example it names a custom gate type this process does not register); gates are never evaluated against a partial policy.</exception>
    Task<EffectivePromotionPolicy> GetPolicyAsync(string? modelName, CancellationToken cancellationToken = default);

    /// <summary>Gets every stored revision of a model's policy (or of the registry-wide default), oldest first, with who stored each, when and why.</summary>
    /// <param name="modelName">The model, or <see langword="null"/> for the registry-wide default.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The revisions; empty when none was stored.</returns>
    Task<IReadOnlyList<PromotionPolicyRevision>> GetPolicyHistoryAsync(string? modelName, CancellationToken cancellationToken = default);
}
