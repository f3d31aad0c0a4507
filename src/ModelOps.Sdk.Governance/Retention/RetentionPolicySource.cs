namespace ModelOps.Sdk.Governance.Retention;

/// <summary>
/// Where the retention policy that applies to a model comes from, in order of precedence (first match wins), as for promotion
/// policies: the model's stored policy, the model's configured one, the stored registry-wide default, the configured default.
/// </summary>
public enum RetentionPolicySource
{
    /// <summary>No policy applies: nothing of the model is purged.</summary>
    None = 0,

    /// <summary>The model's policy stored in the registry (<see cref="IRetentionService.SetPolicyAsync"/>).</summary>
    StoredModelPolicy = 1,

    /// <summary>The model's configured policy (<see cref="RetentionOptions.Policies"/>).</summary>
    ConfiguredModelPolicy = 2,

    /// <summary>The registry-wide default stored in the registry.</summary>
    StoredDefaultPolicy = 3,

    /// <summary>The configured default (<see cref="RetentionOptions.DefaultPolicy"/>).</summary>
    ConfiguredDefaultPolicy = 4,
}
