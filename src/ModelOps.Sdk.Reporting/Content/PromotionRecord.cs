namespace ModelOps.Sdk.Reporting;

/// <summary>The last time the champion alias moved forward (not a rollback), with the approvals of the version it moved to.</summary>
/// <param name="Change">The alias change: who, when, why, from and to which version.</param>
/// <param name="Approvals">The approvals of the version it moved to, oldest first; empty when none are stored.</param>
public sealed record PromotionRecord(AliasChange Change, IReadOnlyList<ApprovalEntry> Approvals);
