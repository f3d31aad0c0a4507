namespace ModelOps.Sdk;

/// <summary>
/// Thrown when an alias change carried an expected current target and the alias pointed elsewhere: another caller moved it first.
/// Nothing was changed; read the alias again and decide.
/// </summary>
public sealed class ConcurrencyConflictException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="ConcurrencyConflictException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="expectedVersion">The version the caller expected, or <see langword="null"/> if it expected no alias.</param>
    /// <param name="actualVersion">The version the alias pointed to, or <see langword="null"/> if it did not exist.</param>
    public ConcurrencyConflictException(string modelName, string alias, int? expectedVersion, int? actualVersion)
        : base($"Alias '{alias}' of model '{modelName}' was expected at {Describe(expectedVersion)} but is at {Describe(actualVersion)}; nothing was changed.")
    {
        ModelName = modelName;
        Alias = alias;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the alias.</summary>
    public string Alias { get; }

    /// <summary>Gets the version the caller expected, or <see langword="null"/> if it expected no alias.</summary>
    public int? ExpectedVersion { get; }

    /// <summary>Gets the version the alias pointed to, or <see langword="null"/> if it did not exist.</summary>
    public int? ActualVersion { get; }

    private static string Describe(int? version) => version is { } v ? $"version {v}" : "no version (not set)";
}
