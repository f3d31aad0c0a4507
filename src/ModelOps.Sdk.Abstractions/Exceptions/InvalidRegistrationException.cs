namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a field of a registration, an update or a document is missing or invalid. Nothing is stored.
/// </summary>
public sealed class InvalidRegistrationException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidRegistrationException"/> class.</summary>
    /// <param name="modelName">The model concerned, if known.</param>
    /// <param name="field">The field that is wrong, for example <c>Metrics["auc"]</c>.</param>
    /// <param name="problem">What is wrong with it.</param>
    public InvalidRegistrationException(string? modelName, string field, string problem)
        : base(modelName is null ? $"Invalid {field}: {problem}." : $"Invalid {field} for model '{modelName}': {problem}.")
    {
        ModelName = modelName;
        Field = field;
    }

    /// <summary>Gets the model concerned, if known.</summary>
    public string? ModelName { get; }

    /// <summary>Gets the field that is wrong.</summary>
    public string Field { get; }
}
