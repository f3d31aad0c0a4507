using ModelOps.Sdk.Routing.Evaluation;

namespace ModelOps.Sdk.Routing.Automation;

/// <summary>Raised after the automation rolled the champion alias back from a promoted challenger that breached a guardrail.</summary>
/// <param name="alias">The alias after the rollback.</param>
/// <param name="fromVersion">The promoted version rolled back from.</param>
/// <param name="decision">The decision, with its evidence.</param>
/// <param name="evidenceDocument">The evidence document attached to the rolled-back version.</param>
public sealed class ChampionRolledBackEventArgs(ModelAlias alias, int fromVersion, ExperimentDecision decision, ModelDocument evidenceDocument) : EventArgs
{
    /// <summary>Gets the alias after the rollback.</summary>
    public ModelAlias Alias { get; } = alias;

    /// <summary>Gets the promoted version rolled back from.</summary>
    public int FromVersion { get; } = fromVersion;

    /// <summary>Gets the decision, with its evidence.</summary>
    public ExperimentDecision Decision { get; } = decision;

    /// <summary>Gets the evidence document attached to the rolled-back version.</summary>
    public ModelDocument EvidenceDocument { get; } = evidenceDocument;
}
