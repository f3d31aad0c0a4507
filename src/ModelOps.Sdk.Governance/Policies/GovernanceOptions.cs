using ModelOps.Sdk.Configuration;
using ModelOps.Sdk.Governance.Configuration;

namespace ModelOps.Sdk.Governance.Policies;

/// <summary>Governance configuration: promotion policies, protected aliases and the roles the default authorization requires.</summary>
/// <remarks>
/// From configuration (<c>ModelOps:Governance</c>), the section's <c>RequiredApprovals</c> and <c>Gates</c> set
/// <see cref="DefaultPolicy"/> and each entry under <c>Models</c> a model's policy in <see cref="Policies"/>, in the shape of a stored
/// policy document (docs/cli.md, "Governance policy"); hosts and the <c>modelops</c> tool read the same keys.
/// </remarks>
[ModelOpsOptionsSection(SectionName)]
[ModelOpsConfigurationKeys(GovernancePolicyConfiguration.RequiredApprovalsKey, GovernancePolicyConfiguration.GatesKey, GovernancePolicyConfiguration.ModelsKey)]
public sealed class GovernanceOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Governance</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Governance";

    /// <summary>
    /// Gets the configured policy for models without their own entry in <see cref="Policies"/> and without a stored policy (see
    /// <see cref="PromotionPolicySource"/> for the precedence).
    /// </summary>
    public PromotionPolicy DefaultPolicy { get; } = new();

    /// <summary>Gets the configured policies by model name (a policy stored for the model takes precedence).</summary>
    public IDictionary<string, PromotionPolicy> Policies { get; } = new Dictionary<string, PromotionPolicy>(StringComparer.Ordinal);

    /// <summary>
    /// Gets the protected aliases: they may only point to approved versions, moving or rolling them back needs the
    /// <see cref="GovernanceRoles.Deploy"/> role, and deleting them <see cref="GovernanceRoles.Administer"/>. Default: <c>champion</c>.
    /// </summary>
    public ISet<string> ProtectedAliases { get; } = new HashSet<string>(StringComparer.Ordinal) { "champion" };

    /// <summary>Gets or sets the alias whose version gates compare against (<see cref="Gates.GateContext.Champion"/>). Default: <c>champion</c>.</summary>
    public string ChampionAlias { get; set; } = "champion";

    /// <summary>Gets the roles the default role-based authorization requires.</summary>
    public GovernanceRoles Roles { get; } = new();

    /// <summary>Gets or sets whether the role checks apply (separation of duties, gates and protected aliases always do). Default <see langword="true"/>.</summary>
    public bool EnforceRoles { get; set; } = true;

    /// <summary>The problems found reading the configured policies (<c>Configuration/GovernancePolicyConfiguration</c>), reported by validation.</summary>
    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>
    /// Gets the configured policy for a model. A policy stored in the registry (<see cref="IGovernanceService.SetPolicyAsync"/>)
    /// takes precedence over it; <see cref="IGovernanceService.GetPolicyAsync"/> tells which one applies.
    /// </summary>
    /// <param name="modelName">The model.</param>
    /// <returns>Its own configured policy, or <see cref="DefaultPolicy"/>.</returns>
    public PromotionPolicy PolicyFor(string modelName) => Policies.TryGetValue(modelName, out var policy) ? policy : DefaultPolicy;
}
