using ModelOps.Sdk.Governance.Gates;

namespace ModelOps.Sdk.Governance.Approvals;

/// <summary>What an approval achieved.</summary>
/// <param name="Version">The version as it is now (its status is <see cref="ModelVersionStatus.Approved"/> once enough approvals are in).</param>
/// <param name="Approvers">Everyone who has approved the version, in order.</param>
/// <param name="RequiredApprovals">How many approvals the policy requires.</param>
/// <param name="GateReport">The gate report the approval was made on.</param>
public sealed record ApprovalOutcome(ModelVersion Version, IReadOnlyList<string> Approvers, int RequiredApprovals, GateReport GateReport)
{
    /// <summary>Gets whether the version is approved now.</summary>
    public bool IsApproved => Version.Status == ModelVersionStatus.Approved;
}
