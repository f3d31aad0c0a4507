namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a model has no alias with the given name (or had none at the point in time asked about).
/// </summary>
public sealed class AliasNotFoundException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="AliasNotFoundException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="alias">The alias that was not found.</param>
    public AliasNotFoundException(string modelName, string alias)
        : base($"Model '{modelName}' has no alias '{alias}'.")
    {
        ModelName = modelName;
        Alias = alias;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the alias that was not found.</summary>
    public string Alias { get; }
}
