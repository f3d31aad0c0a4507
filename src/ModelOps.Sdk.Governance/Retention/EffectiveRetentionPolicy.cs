namespace ModelOps.Sdk.Governance.Retention;

/// <summary>The retention policy that applies to a model, and where it comes from.</summary>
/// <param name="ModelName">The model, or <see langword="null"/> for the default that applies to models without their own policy.</param>
/// <param name="Source">Where the policy comes from; <see cref="RetentionPolicySource.None"/> when none applies.</param>
/// <param name="Policy">The policy, or <see langword="null"/> when none applies.</param>
/// <param name="StoredRevision">The stored document, for a stored policy.</param>
public sealed record EffectiveRetentionPolicy(string? ModelName, RetentionPolicySource Source, RetentionPolicyDocument? Policy, ModelDocument? StoredRevision)
{
    /// <summary>Gets the policy's description for reasons and output: <c>the stored policy of model 'credit' (revision 2)</c>.</summary>
    public string Description => Source switch
    {
        RetentionPolicySource.StoredModelPolicy => $"the stored retention policy of model '{ModelName}' (revision {StoredRevision?.Revision})",
        RetentionPolicySource.ConfiguredModelPolicy => $"the configured retention policy of model '{ModelName}'",
        RetentionPolicySource.StoredDefaultPolicy => $"the stored registry-wide retention policy (revision {StoredRevision?.Revision})",
        RetentionPolicySource.ConfiguredDefaultPolicy => "the configured default retention policy",
        _ => "no retention policy",
    };
}
