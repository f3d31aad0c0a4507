namespace ModelOps.Sdk.Routing.Automation;

/// <summary>What <see cref="ChampionChallengerAutomation"/> may do for one experiment, and where the champion alias should be.</summary>
/// <remarks>Both automations are off unless enabled here: an evaluation alone never moves an alias.</remarks>
public sealed record AutomationRequest
{
    /// <summary>Gets the model.</summary>
    public required string ModelName { get; init; }

    /// <summary>Gets the alias the champion is served under.</summary>
    /// <value>The default value is <c>champion</c>.</value>
    public string ChampionAlias { get; init; } = "champion";

    /// <summary>
    /// Gets the version the alias must point to for the change to go ahead, or <see langword="null"/> for the version the
    /// decision saw: the champion's for a promotion, the promoted challenger's for a rollback.
    /// </summary>
    public int? ExpectedCurrentVersion { get; init; }

    /// <summary>Gets whether a <see cref="Evaluation.DecisionKind.Promote"/> decision moves the alias to the challenger.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AutoPromote { get; init; }

    /// <summary>Gets whether a <see cref="Evaluation.DecisionKind.Rollback"/> decision after a promotion rolls the alias back.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool AutoRollback { get; init; }

    /// <summary>
    /// Gets whether the decision's challenger was promoted to champion (so a guardrail breach rolls the alias back rather than only
    /// stopping the challenger's traffic).
    /// </summary>
    public bool ChallengerWasPromoted { get; init; }
}
