namespace ModelOps.Sdk;

/// <summary>
/// Thrown when an input cannot be scored: it is null, a required field is missing, a value is NaN or infinite where the signature
/// forbids it, or a tensor has the wrong shape. The message names the model, version and field.
/// </summary>
public sealed class InvalidModelInputException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidModelInputException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="field">The field at fault, or <see langword="null"/> when the whole input is (for example null).</param>
    /// <param name="problem">What is wrong.</param>
    public InvalidModelInputException(string modelName, int version, string? field, string problem)
        : base($"Input to model '{modelName}' version {version} is invalid" + (field is null ? string.Empty : $" at field '{field}'") + $": {problem}.")
    {
        ModelName = modelName;
        Version = version;
        Field = field;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets the field at fault, if any.</summary>
    public string? Field { get; }
}
