namespace ModelOps.Sdk;

/// <summary>
/// Thrown when a version's flavor has no <see cref="Flavors.IModelFlavor"/> registered, so it cannot be loaded for scoring.
/// Register it, for example with <c>builder.AddMLNet()</c>, <c>builder.AddOnnx()</c>, <c>builder.AddRules()</c> or <c>builder.AddFlavor&lt;T&gt;()</c>.
/// </summary>
public sealed class FlavorNotRegisteredException : ModelOpsException
{
    /// <summary>Initializes a new instance of the <see cref="FlavorNotRegisteredException"/> class.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="flavor">The flavor that is not registered.</param>
    /// <param name="registered">The flavors that are registered.</param>
    public FlavorNotRegisteredException(string modelName, int version, string flavor, IEnumerable<string> registered)
        : base($"Model '{modelName}' version {version} has flavor '{flavor}', which is not registered (registered: {Describe(registered)}). Add it on the ModelOps builder, for example AddMLNet(), AddOnnx(), AddRules() or AddFlavor<T>().")
    {
        ModelName = modelName;
        Version = version;
        Flavor = flavor;
    }

    /// <summary>Gets the model.</summary>
    public string ModelName { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets the flavor that is not registered.</summary>
    public string Flavor { get; }

    private static string Describe(IEnumerable<string> registered)
    {
        var names = registered.Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? "none" : string.Join(", ", names);
    }
}
