namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// A retention policy as the condition of each purge it plans: at the purge's commit the registry shows the model's state then, and
/// the policy's version rules are applied to it again (<see cref="VersionRetention.Decide"/>), so a version that became Approved,
/// that an alias pointed to, or that is kept for any other reason since the plan stays. A policy stored for the model since the plan
/// keeps every version too, until a plan under the new policy decides.
/// </summary>
internal sealed class RetentionPurgeCondition(EffectiveRetentionPolicy effective, RetentionOptions windows) : VersionPurgeCondition
{
    private readonly RetentionPolicyDocument _policy = effective.Policy ?? throw new ArgumentException("A retention condition needs a policy.", nameof(effective));

    public override VersionKeepReason? FindKeepReason(VersionPurgeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stored = context.Documents
            .Where(d => d.Version is null && d.Kind == DocumentKinds.RetentionPolicy && d.Name == RetentionService.DocumentName)
            .MaxBy(d => d.Revision);
        if (stored is not null && (effective.Source != RetentionPolicySource.StoredModelPolicy || stored.Revision != effective.StoredRevision?.Revision))
        {
            return new VersionKeepReason(
                [RetentionRules.PolicyChanged],
                $"a retention policy was stored for model '{context.ModelName}' since the plan (revision {stored.Revision}); the plan applied {effective.Description}");
        }

        var decision = VersionRetention.Decide(
            context.Version,
            _policy,
            windows,
            context.Now,
            context.Versions.Count,
            VersionRetention.CurrentTargets(context.Aliases),
            VersionRetention.LastTargeted(context.AliasHistory, context.Now));
        return decision.Action == RetentionAction.Keep ? new VersionKeepReason(decision.Rules, decision.Explanation) : null;
    }
}
