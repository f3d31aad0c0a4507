namespace ModelOps.Sdk.Governance.Retention;

/// <summary>A planned purge that was not carried out.</summary>
/// <param name="Decision">The planned decision.</param>
/// <param name="Reason">Why it was not carried out.</param>
public sealed record RetentionSkip(RetentionDecision Decision, string Reason);
