namespace ModelOps.Sdk.Routing.Automation;

/// <summary>What <see cref="ChampionChallengerAutomation"/> did with a decision.</summary>
public enum AutomationAction
{
    /// <summary>Nothing: the decision asks for no alias change, or its automation is not enabled.</summary>
    None = 0,

    /// <summary>The champion alias was moved to the challenger.</summary>
    Promoted = 1,

    /// <summary>The champion alias was rolled back from the promoted challenger.</summary>
    RolledBack = 2,

    /// <summary>The alias was not where the automation expected (someone moved it first); nothing was changed.</summary>
    Conflict = 3,

    /// <summary>A rollback was due but the alias has no earlier target; nothing was changed.</summary>
    RollbackUnavailable = 4,
}
