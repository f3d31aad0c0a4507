namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a scorer cannot load a version: the artifact does not load, its flavor is not registered, its signature does not
/// match the scorer's types, or its smoke score failed. The cause is the inner exception. A scorer that was already serving keeps
/// serving its previous version.
/// </summary>
public sealed class ModelLoadException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ModelLoadException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version that failed to load, if it was resolved.</param>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ModelLoadException(string modelName, int? version, string message, Exception? innerException)
        : base(message, innerException)
    {
        ModelName = modelName;
        Version = version;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version that failed to load, if it was resolved.</summary>
    public int? Version { get; }
}
