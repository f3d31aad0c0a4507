namespace ModelOps.Sdk.Governance;

/// <summary>
/// The kinds of document governance attaches to a version, and the evidence kinds its gates read (written by other packages; the
/// names are part of those packages' documented formats, so governance does not depend on them). Each attachment is an audit
/// entry of the model's chain.
/// </summary>
public static class GovernanceDocumentKinds
{
    /// <summary>A <see cref="Gates.GateReport"/> (JSON), written by <see cref="IGovernanceService.EvaluateGatesAsync"/> only.</summary>
    public const string GateReport = "gate-report";

    /// <summary>An approval (JSON <see cref="Approvals.ApprovalRecord"/>); the audit entry of its attachment names the approver.</summary>
    public const string Approval = "approval";

    /// <summary>An audited override of one failed gate for one version (JSON <see cref="Approvals.GateOverride"/>).</summary>
    public const string GateOverride = "gate-override";

    /// <summary>A structured model card (JSON <see cref="ModelCards.ModelCardContent"/>), written by <see cref="IGovernanceService.SaveModelCardAsync"/>.</summary>
    public const string ModelCard = "model-card";

    /// <summary>
    /// A stored promotion policy (JSON <see cref="Policies.PromotionPolicyDocument"/>) at model level, or at registry level for the
    /// registry-wide default; written by <see cref="IGovernanceService.SetPolicyAsync"/> only, every revision kept and audited.
    /// </summary>
    public const string PromotionPolicy = Security.StoredAliasPolicy.DocumentKind;

    /// <summary>Evidence: an ONNX export's parity report (<c>ModelOps.Sdk.MLNet.Onnx</c>, <c>CheckParityAsync</c>), attached to the export.</summary>
    public const string OnnxParity = "onnx-parity";

    /// <summary>Evidence: a reference profile (<c>ModelOps.Sdk.Monitoring</c>, <c>SaveReferenceProfileAsync</c>).</summary>
    public const string ReferenceProfile = "reference-profile";

    /// <summary>Evidence: a monitoring report (<c>ModelOps.Sdk.Monitoring</c>, <c>SaveMonitoringReportAsync</c>); gates read the one named <c>validation</c>.</summary>
    public const string MonitoringReport = "monitoring-report";
}
