namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a model has no version with the given number.
/// </summary>
public sealed class ModelVersionNotFoundException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ModelVersionNotFoundException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version that was not found.</param>
    /// <param name="latestVersion">The model's highest version, or 0 if it has none.</param>
    public ModelVersionNotFoundException(string modelName, int version, int latestVersion)
        : base($"Model '{modelName}' has no version {version}" + (latestVersion > 0 ? $" (its versions are 1 to {latestVersion})." : "."))
    {
        ModelName = modelName;
        Version = version;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version that was not found.</summary>
    public int Version { get; }
}
