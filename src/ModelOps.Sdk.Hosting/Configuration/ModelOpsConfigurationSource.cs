using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Configuration;

namespace ModelOps.Sdk.Hosting.Configuration;

/// <summary>
/// The <c>ModelOps</c> section given to <c>AddModelOps(configuration)</c>, and the service collection it was given to, so that the
/// options of packages added afterwards bind from their sub-sections and the validator knows which packages were added.
/// </summary>
internal sealed class ModelOpsConfigurationSource(IConfiguration section, IServiceCollection services) : IModelOpsConfiguration
{
    public IConfiguration Section { get; } = section;

    /// <summary>The section's path (<c>ModelOps</c>), or empty when a configuration root was given.</summary>
    public string Path { get; } = section is IConfigurationSection s ? s.Path : string.Empty;

    public IServiceCollection Services { get; } = services;

    /// <summary>The full configuration path of a key relative to the section.</summary>
    public string FullPath(string relative) => Path.Length == 0 ? relative : Path + ":" + relative;

    /// <summary>The sub-section an options type binds from: the section itself for <see cref="ModelOpsOptions"/>.</summary>
    public IConfiguration? SectionFor(Type optionsType) => OptionsSections.RelativePath(optionsType) switch
    {
        null => null,
        "" => Section,
        var relative => Section.GetSection(relative),
    };
}
