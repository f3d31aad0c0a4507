namespace ModelOps.Sdk;

/// <summary>
/// Thrown when an alias has no earlier target to roll back to: it was never moved, every earlier target in its chain has been
/// archived or rejected, or the chain is used up. Nothing was changed.
/// </summary>
public sealed class RollbackUnavailableException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="RollbackUnavailableException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="currentVersion">The version the alias points to.</param>
    public RollbackUnavailableException(string modelName, string alias, int currentVersion)
        : base($"Alias '{alias}' of model '{modelName}' (at version {currentVersion}) has no earlier eligible target to roll back to.")
    {
        ModelName = modelName;
        Alias = alias;
        CurrentVersion = currentVersion;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the alias.</summary>
    public string Alias { get; }

    /// <summary>Gets the version the alias points to.</summary>
    public int CurrentVersion { get; }
}
