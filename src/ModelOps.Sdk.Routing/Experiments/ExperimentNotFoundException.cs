namespace ModelOps.Sdk.Routing.Experiments;

/// <summary>
/// Thrown when an experiment is asked for by name and the registry holds no definition of it for the model.
/// </summary>
public sealed class ExperimentNotFoundException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ExperimentNotFoundException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    public ExperimentNotFoundException(string modelName, string experimentName)
        : base($"Model '{modelName}' has no stored experiment '{experimentName}'; store its definition with ExperimentStore.SaveAsync first.")
    {
        ModelName = modelName;
        ExperimentName = experimentName;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the experiment.</summary>
    public string ExperimentName { get; }
}
