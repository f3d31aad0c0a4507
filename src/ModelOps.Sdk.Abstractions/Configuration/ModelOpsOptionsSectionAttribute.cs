namespace ModelOps.Sdk.Configuration;

/// <summary>
/// Names where an options class of a ModelOps package binds, relative to the host's <c>ModelOps</c> configuration section, for
/// example <c>Monitoring</c> or <c>Flavors:Onnx</c>. ModelOps.Sdk.Hosting binds every options class that carries it from that
/// sub-section, reloads it when the section changes, and reports unknown keys under it with the path.
/// </summary>
/// <remarks>
/// A package that adds its own options class marks it so that a host binds it like the built-in ones:
/// <code>
/// [ModelOpsOptionsSection(SectionName)]
/// public sealed class MyFlavorOptions
/// {
///     public const string SectionName = "Flavors:Mine";
/// }
/// </code>
/// </remarks>
/// <param name="path">The section's path relative to the <c>ModelOps</c> section, with <c>:</c> between levels.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ModelOpsOptionsSectionAttribute(string path) : Attribute
{
    /// <summary>Gets the section's path relative to the <c>ModelOps</c> section.</summary>
    public string Path { get; } = !string.IsNullOrWhiteSpace(path)
        ? path
        : throw new ArgumentException("The section path must not be empty: name the sub-section of ModelOps, for example 'Monitoring'.", nameof(path));
}
