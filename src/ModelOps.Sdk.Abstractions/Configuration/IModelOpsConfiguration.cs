using Microsoft.Extensions.Configuration;

namespace ModelOps.Sdk.Configuration;

/// <summary>
/// The <c>ModelOps</c> configuration section a host gave <c>AddModelOps(configuration)</c> (ModelOps.Sdk.Hosting), for a package
/// whose settings have a shape the configuration binder cannot bind onto its options class, such as governance's promotion policies
/// (a gate's parameters depend on its type). Such a package reads those keys from <see cref="Section"/> itself and names them with
/// <see cref="ModelOpsConfigurationKeysAttribute"/> on its options class, so the host's check for unknown keys accepts them.
/// </summary>
/// <remarks>Registered only when the host configures ModelOps from configuration; a package must work without it.</remarks>
public interface IModelOpsConfiguration
{
    /// <summary>Gets the <c>ModelOps</c> section (its <see cref="IConfigurationSection.Path"/> prefixes every key an error names).</summary>
    IConfiguration Section { get; }
}
