namespace ModelOps.Sdk.Configuration;

/// <summary>
/// Names the keys of an options class's configuration section that its package reads itself from
/// <see cref="IModelOpsConfiguration.Section"/>, beside the properties the configuration binder binds. The host's check for unknown
/// keys (ModelOps.Sdk.Hosting) accepts these keys and everything under them; the package reports their errors.
/// </summary>
/// <param name="keys">The keys, relative to the options class's section, for example <c>Gates</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelOpsConfigurationKeysAttribute(params string[] keys) : Attribute
{
    /// <summary>Gets the keys the package reads itself.</summary>
    public IReadOnlyList<string> Keys { get; } = keys ?? throw new ArgumentNullException(nameof(keys));
}
