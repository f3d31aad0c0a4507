using ModelOps.Sdk.Routing.Evaluation;

namespace ModelOps.Sdk.Routing.Automation;

/// <summary>
/// Raised when an automatic promotion or rollback found the alias somewhere other than expected (a person or another instance
/// moved it first) and therefore changed nothing.
/// </summary>
/// <param name="modelName">The model.</param>
/// <param name="alias">The alias.</param>
/// <param name="expectedVersion">The version the automation expected the alias at.</param>
/// <param name="actualVersion">The version it was at, or <see langword="null"/> if it did not exist.</param>
/// <param name="decision">The decision that was not applied.</param>
public sealed class AutomationConflictEventArgs(string modelName, string alias, int? expectedVersion, int? actualVersion, ExperimentDecision decision) : EventArgs
{
    /// <summary>Gets the model.</summary>
    public string ModelName { get; } = modelName;

    /// <summary>Gets the alias.</summary>
    public string Alias { get; } = alias;

    /// <summary>Gets the version the automation expected the alias at.</summary>
    public int? ExpectedVersion { get; } = expectedVersion;

    /// <summary>Gets the version the alias was at, or <see langword="null"/> if it did not exist.</summary>
    public int? ActualVersion { get; } = actualVersion;

    /// <summary>Gets the decision that was not applied.</summary>
    public ExperimentDecision Decision { get; } = decision;
}
