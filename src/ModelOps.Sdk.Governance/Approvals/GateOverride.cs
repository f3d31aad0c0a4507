namespace ModelOps.Sdk.Governance.Approvals;

/// <summary>The content of a <see cref="DocumentKinds.GateOverride"/> document: one gate's failure accepted for one version.</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Reason">Why the failure is accepted (required, kept in the audit log).</param>
public sealed record GateOverride(string Gate, string Reason);
