namespace ModelOps.Sdk.Governance;

/// <summary>The kinds of document governance attaches to a version; each attachment is an audit entry of the model's chain.</summary>
public static class GovernanceDocumentKinds
{
    /// <summary>A <see cref="Gates.GateReport"/> (JSON), written by <see cref="IGovernanceService.EvaluateGatesAsync"/> only.</summary>
    public const string GateReport = "gate-report";

    /// <summary>An approval (JSON <see cref="Approvals.ApprovalRecord"/>); the audit entry of its attachment names the approver.</summary>
    public const string Approval = "approval";

    /// <summary>An audited override of one failed gate for one version (JSON <see cref="Approvals.GateOverride"/>).</summary>
    public const string GateOverride = "gate-override";
}
