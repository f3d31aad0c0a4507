namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a conditional purge (<see cref="IModelRegistry.PurgeVersionUnlessKeptAsync"/>)
/// finds, at its commit, that its condition keeps the version: for retention, the policy keeps it at that moment (it became Approved,
/// an alias pointed to it, the policy changed...). Nothing was changed.
/// </summary>
public sealed class VersionRetainedException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="VersionRetainedException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version that stays.</param>
    /// <param name="keep">Why it stays.</param>
    public VersionRetainedException(string modelName, int version, VersionKeepReason keep)
        : base($"Version {version} of model '{modelName}' was not purged: {keep?.Explanation} ({string.Join(", ", keep?.Rules ?? [])}).")
    {
        ArgumentNullException.ThrowIfNull(keep);
        ModelName = modelName;
        Version = version;
        Rules = keep.Rules;
        Explanation = keep.Explanation;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version that stays.</summary>
    public int Version { get; }

    /// <summary>Gets the names of the rules that keep it.</summary>
    public IReadOnlyList<string> Rules { get; }

    /// <summary>Gets why it stays, in words.</summary>
    public string Explanation { get; }
}
