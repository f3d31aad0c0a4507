namespace ModelOps.Sdk.Governance.Retention;

/// <summary>What applying retention did.</summary>
/// <param name="Plan">The plan that was applied (computed just before).</param>
/// <param name="Purged">The decisions carried out: each version or document is now purged.</param>
/// <param name="Skipped">Planned purges that were not carried out, each with why: the policy, evaluated again when the purge committed, kept the version (it became Approved, an alias pointed to it, a new policy was stored...).</param>
public sealed record RetentionResult(RetentionPlan Plan, IReadOnlyList<RetentionDecision> Purged, IReadOnlyList<RetentionSkip> Skipped);
