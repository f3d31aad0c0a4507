namespace ModelOps.Sdk.Reporting;

/// <summary>One approval of a version, read from its <see cref="DocumentKinds.Approval"/> document.</summary>
/// <param name="Approver">Who approved (the document's <see cref="ModelDocument.AttachedBy"/>).</param>
/// <param name="ApprovedAt">When.</param>
/// <param name="Comment">What the approver said, if anything.</param>
public sealed record ApprovalEntry(string Approver, DateTimeOffset ApprovedAt, string? Comment);
