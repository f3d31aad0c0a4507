namespace ModelOps.Sdk.Governance.Approvals;

/// <summary>The content of an <see cref="DocumentKinds.Approval"/> document; the approver is the document's <see cref="ModelDocument.AttachedBy"/>.</summary>
/// <param name="Comment">What the approver said, if anything.</param>
/// <param name="GateReportSha256">The SHA-256 of the gate report the approver saw.</param>
public sealed record ApprovalRecord(string? Comment, string? GateReportSha256);
