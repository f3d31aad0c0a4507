namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a decision of a model version cannot be explained: its flavor neither explains itself nor scores JSON, or occlusion
/// has no reference profile to take baselines from, or the version has no numeric output to attribute. The message says which and
/// what to do.
/// </summary>
public sealed class ExplanationUnavailableException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ExplanationUnavailableException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="problem">Why it cannot be explained, and what to do.</param>
    public ExplanationUnavailableException(string modelName, int version, string problem)
        : base($"Model '{modelName}' version {version} cannot be explained: {problem}.")
    {
        ModelName = modelName;
        Version = version;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }
}
