namespace ModelOps.Sdk.Governance.Policies;

/// <summary>
/// Where the policy that applies to a model comes from. Precedence, first match wins: <see cref="StoredModelPolicy"/>,
/// <see cref="ConfiguredModelPolicy"/>, <see cref="StoredDefaultPolicy"/>, <see cref="ConfiguredDefaultPolicy"/>.
/// </summary>
public enum PromotionPolicySource
{
    /// <summary>The latest revision stored for the model with <see cref="IGovernanceService.SetPolicyAsync"/>.</summary>
    StoredModelPolicy,

    /// <summary>The model's entry in <see cref="GovernanceOptions.Policies"/> (code or configuration).</summary>
    ConfiguredModelPolicy,

    /// <summary>The latest registry-wide default stored with <see cref="IGovernanceService.SetPolicyAsync"/> (model <see langword="null"/>).</summary>
    StoredDefaultPolicy,

    /// <summary><see cref="GovernanceOptions.DefaultPolicy"/> (code or configuration).</summary>
    ConfiguredDefaultPolicy,
}
