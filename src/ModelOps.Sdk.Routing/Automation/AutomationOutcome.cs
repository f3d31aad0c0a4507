namespace ModelOps.Sdk.Routing.Automation;

/// <summary>What <see cref="ChampionChallengerAutomation.ApplyAsync"/> did.</summary>
/// <param name="Action">The action taken, or why none was.</param>
/// <param name="Alias">The alias after the change, or as found when there was a conflict; <see langword="null"/> when nothing was looked up.</param>
/// <param name="EvidenceDocument">The evidence document attached to the version, when the alias changed.</param>
/// <param name="Message">What happened, in words.</param>
public sealed record AutomationOutcome(AutomationAction Action, ModelAlias? Alias, ModelDocument? EvidenceDocument, string Message);
