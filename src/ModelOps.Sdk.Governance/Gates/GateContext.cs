namespace ModelOps.Sdk.Governance.Gates;

/// <summary>What a gate evaluates: a candidate version, the version the first protected alias points to now, and the registry.</summary>
/// <param name="Registry">The registry, for reading evidence (documents, metrics, signatures).</param>
/// <param name="Candidate">The version being evaluated.</param>
/// <param name="Champion">The version the model's first protected alias (by default <c>champion</c>) points to, or <see langword="null"/>.</param>
public sealed record GateContext(IModelRegistry Registry, ModelVersion Candidate, ModelVersion? Champion);
