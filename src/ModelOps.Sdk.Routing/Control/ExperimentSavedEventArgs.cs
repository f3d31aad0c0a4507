using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// Data of <see cref="ExperimentStore.DefinitionSaved"/>: a definition revision this process stored.
/// </summary>
/// <param name="definition">The stored definition.</param>
/// <param name="document">The registry document that holds it.</param>
public sealed class ExperimentSavedEventArgs(ExperimentDefinition definition, ModelDocument document) : EventArgs
{
    /// <summary>Gets the stored definition.</summary>
    public ExperimentDefinition Definition { get; } = definition;

    /// <summary>Gets the registry document that holds it (its revision, who attached it and when).</summary>
    public ModelDocument Document { get; } = document;
}
