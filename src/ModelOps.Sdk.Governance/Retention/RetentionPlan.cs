namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// A dry run of retention: for each model with a policy, every unpurged version and every growing document (monitoring reports,
/// experiment statistics) with what would happen to it and which rules decided. Nothing is changed by planning.
/// </summary>
/// <param name="PlannedAt">The time the plan was computed for (from the injected <see cref="TimeProvider"/>).</param>
/// <param name="Policies">The policy that applied to each model planned (models without one are listed with <see cref="RetentionPolicySource.None"/>).</param>
/// <param name="Decisions">Every decision, by model, then version, then document.</param>
public sealed record RetentionPlan(DateTimeOffset PlannedAt, IReadOnlyList<EffectiveRetentionPolicy> Policies, IReadOnlyList<RetentionDecision> Decisions)
{
    /// <summary>Gets the decisions to purge.</summary>
    public IReadOnlyList<RetentionDecision> ToPurge => Decisions.Where(d => d.Action == RetentionAction.Purge).ToArray();
}
