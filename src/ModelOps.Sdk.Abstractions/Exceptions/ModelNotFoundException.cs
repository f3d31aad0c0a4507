namespace ModelOps.Sdk;

/// <summary>
/// Thrown when no model has the given name.
/// </summary>
public sealed class ModelNotFoundException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ModelNotFoundException"/> class.</summary>
    /// <param name="modelName">The name that was not found.</param>
    public ModelNotFoundException(string modelName)
        : base($"Model '{modelName}' does not exist in the registry.")
    {
        ModelName = modelName;
    }

    /// <summary>Gets the name that was not found.</summary>
    public string ModelName { get; }
}
