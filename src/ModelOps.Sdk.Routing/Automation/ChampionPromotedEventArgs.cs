using ModelOps.Sdk.Routing.Evaluation;

namespace ModelOps.Sdk.Routing.Automation;

/// <summary>Raised after the automation moved the champion alias to a winning challenger.</summary>
/// <param name="alias">The alias after the move.</param>
/// <param name="previousVersion">The version it pointed to before.</param>
/// <param name="decision">The decision, with its evidence.</param>
/// <param name="evidenceDocument">The evidence document attached to the promoted version.</param>
public sealed class ChampionPromotedEventArgs(ModelAlias alias, int previousVersion, ExperimentDecision decision, ModelDocument evidenceDocument) : EventArgs
{
    /// <summary>Gets the alias after the move.</summary>
    public ModelAlias Alias { get; } = alias;

    /// <summary>Gets the version the alias pointed to before.</summary>
    public int PreviousVersion { get; } = previousVersion;

    /// <summary>Gets the decision, with its evidence.</summary>
    public ExperimentDecision Decision { get; } = decision;

    /// <summary>Gets the evidence document attached to the promoted version.</summary>
    public ModelDocument EvidenceDocument { get; } = evidenceDocument;
}
