namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a flavor cannot load an artifact: at registration (and then no version is created) or when a version is loaded.
/// </summary>
public sealed class InvalidModelArtifactException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidModelArtifactException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version, or <see langword="null"/> at registration.</param>
    /// <param name="flavor">The flavor that tried to load it.</param>
    /// <param name="part">The part at fault (a rule, a field, a tensor, a file), if the flavor can tell.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="innerException">The engine's own error, if any.</param>
    public InvalidModelArtifactException(string modelName, int? version, string flavor, string? part, string problem, Exception? innerException = null)
        : base($"The {flavor} artifact of model '{modelName}' {(version is { } v ? $"version {v}" : "(new version)")} cannot be loaded"
            + (part is null ? string.Empty : $" at '{part}'") + $": {problem}", innerException)
    {
        ModelName = modelName;
        Version = version;
        Flavor = flavor;
        Part = part;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version, or <see langword="null"/> at registration.</summary>
    public int? Version { get; }

    /// <summary>Gets the flavor.</summary>
    public string Flavor { get; }

    /// <summary>Gets the part at fault (a rule, a field, a tensor, a file), if known.</summary>
    public string? Part { get; }
}
