namespace ModelOps.Sdk.Monitoring.Profiles;

/// <summary>
/// Thrown when a model version has no reference profile attached (see
/// <see cref="ReferenceProfileRegistryExtensions.SaveReferenceProfileAsync"/>).
/// </summary>
public sealed class ReferenceProfileNotFoundException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ReferenceProfileNotFoundException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="name">The profile's document name.</param>
    public ReferenceProfileNotFoundException(string modelName, int version, string name)
        : base($"Model '{modelName}' version {version} has no reference profile named '{name}' (document kind '{DocumentKinds.ReferenceProfile}'); fit one and save it with SaveReferenceProfileAsync.")
    {
        ModelName = modelName;
        Version = version;
        Name = name;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets the profile's document name.</summary>
    public string Name { get; }
}
