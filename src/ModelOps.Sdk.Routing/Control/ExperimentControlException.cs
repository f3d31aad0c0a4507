namespace ModelOps.Sdk.Routing.Control;

/// <summary>
/// Thrown when a run-time control operation does not apply to an experiment as it stands (for example promoting an arm the
/// experiment does not have, or freezing an aborted experiment). Nothing was changed.
/// </summary>
public sealed class ExperimentControlException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ExperimentControlException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="experimentName">The experiment.</param>
    /// <param name="operation">The operation, for example <c>promote</c>.</param>
    /// <param name="problem">Why it does not apply.</param>
    public ExperimentControlException(string modelName, string experimentName, string operation, string problem)
        : base($"Cannot {operation} experiment '{experimentName}' of model '{modelName}': {problem}. Nothing was changed.")
    {
        ModelName = modelName;
        ExperimentName = experimentName;
        Operation = operation;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the experiment.</summary>
    public string ExperimentName { get; }

    /// <summary>Gets the operation that was refused.</summary>
    public string Operation { get; }
}
