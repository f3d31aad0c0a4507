namespace ModelOps.Sdk;

/// <summary>
/// Thrown when the input or output type a caller scores with does not match a model version's signature: a field is missing,
/// or has another type or shape. The message names the model, version and field.
/// </summary>
public sealed class ModelSignatureMismatchException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ModelSignatureMismatchException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="field">The field that does not match.</param>
    /// <param name="problem">How it does not match.</param>
    public ModelSignatureMismatchException(string modelName, int version, string field, string problem)
        : base($"The types used to score model '{modelName}' version {version} do not match its signature at field '{field}': {problem}.")
    {
        ModelName = modelName;
        Version = version;
        Field = field;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets the field that does not match.</summary>
    public string Field { get; }
}
