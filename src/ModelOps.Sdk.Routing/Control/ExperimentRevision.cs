using ModelOps.Sdk.Routing.Experiments;

namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// One stored revision of an experiment: the definition and the registry document that holds it (revision number, who stored
/// it, when; the reason is in the model's audit chain).
/// </summary>
/// <param name="Document">The document.</param>
/// <param name="Definition">The definition.</param>
public sealed record ExperimentRevision(ModelDocument Document, ExperimentDefinition Definition);
