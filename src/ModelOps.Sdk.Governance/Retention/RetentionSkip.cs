namespace ModelOps.Sdk.Governance.Retention;

/// <summary>A planned purge that was not carried out.</summary>
/// <param name="Decision">The planned decision.</param>
/// <param name="Reason">Why it was not carried out: what keeps the version at the moment of the purge, with the figures compared.</param>
public sealed record RetentionSkip(RetentionDecision Decision, string Reason)
{
    /// <summary>
    /// Gets the rules that kept the version at the purge's commit (names from <see cref="RetentionRules"/>, such as
    /// <see cref="RetentionRules.Approved"/> or <see cref="RetentionRules.PolicyChanged"/>).
    /// </summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
}
