using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ModelOps.Sdk.Hosting.Configuration;

/// <summary>
/// Binds any ModelOps options class from its sub-section of the <c>ModelOps</c> section (registered as an open generic, so the options
/// of a package bind as soon as the package is added, without the package depending on configuration). Other options types are left
/// alone.
/// </summary>
internal sealed class ModelOpsSectionConfigureOptions<TOptions>(ModelOpsConfigurationSource source) : IConfigureOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options)
    {
        if (source.SectionFor(typeof(TOptions)) is { } section)
        {
            section.Bind(options);
        }
    }
}
