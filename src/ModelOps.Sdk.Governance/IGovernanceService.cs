using ModelOps.Sdk.Governance.Approvals;
using ModelOps.Sdk.Governance.Gates;
using ModelOps.Sdk.Governance.ModelCards;

namespace ModelOps.Sdk.Governance;

/// <summary>
/// Runs a model's promotion policy: evaluates its gates, records approvals and gate overrides, and approves a version once it
/// has passed its gates and collected its approvals. The registry enforces the same rules on every change (through the governance
/// guard), so calling the registry directly cannot skip them.
/// </summary>
/// <remarks>Thread-safe. Every method acts as the principal that <see cref="Security.IActorAccessor"/> returns.</remarks>
public interface IGovernanceService
{
    /// <summary>
    /// Evaluates the model's gates for a version against the current champion and stores the report with the version (a
    /// <see cref="GovernanceDocumentKinds.GateReport"/> document, audited).
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

    /// <summary>Stores the written part of a version's model card (a new revision of its <see cref="GovernanceDocumentKinds.ModelCard"/> document, audited).</summary>
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
}
