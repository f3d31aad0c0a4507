using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using ModelOps.Sdk.Configuration;
using ModelOps.Sdk.Hosting.Configuration;
using ModelOps.Sdk.Hosting.Loops;

namespace ModelOps.Sdk;

/// <summary>
/// Adds ModelOps.Sdk with every package's settings bound from one configuration section:
/// <c>services.AddModelOps(builder.Configuration.GetSection("ModelOps"))</c>.
/// </summary>
public static class ModelOpsConfigurationServiceCollectionExtensions
{
    /// <summary>
    /// Adds the model registry as <c>AddModelOps()</c> does, binds <see cref="ModelOpsOptions"/> from <paramref name="configuration"/>,
    /// and binds the options of each package added afterwards (<c>UseFileSystem</c>, <c>AddMonitoring</c>, <c>AddRouting</c>...)
    /// from its sub-section, named by the options class's <c>SectionName</c> constant (<c>Store</c>, <c>Monitoring</c>, <c>Routing</c>...).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The <c>ModelOps</c> section, for example <c>builder.Configuration.GetSection("ModelOps")</c>.</param>
    /// <returns>A builder to choose storage and add packages.</returns>
    /// <remarks>
    /// <para>Configuration is applied first, then the <c>configure</c> delegates and arguments given in code, so code wins.</para>
    /// <para>Validation runs at host start and on the first resolution of the registry, and throws one
    /// <see cref="OptionsValidationException"/> per options class that lists every problem, each naming its configuration path:
    /// values out of range, and keys under the section that no added package reads (with the closest known key when one is near,
    /// as in <c>ModelOps:Store:RootPth is not a setting that ModelOps reads; did you mean ModelOps:Store:RootPath?</c>).</para>
    /// <para>Every background loop a package registers (<see cref="Loops.IModelOpsLoop"/>, for example <c>AddAliasMonitor</c>) starts
    /// with the host and stops after it; <see cref="ModelOpsLoopsHealthCheck"/> reports them.</para>
    /// <para>Options follow configuration reloads through <see cref="IOptionsMonitor{TOptions}"/>; which settings the SDK applies
    /// without a restart is listed in <c>docs/hosting.md</c>. Calling it twice with the same section is safe.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static IModelOpsBuilder AddModelOps(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.Any(static d => d.ServiceType == typeof(ModelOpsConfigurationSource)))
        {
            // Registered before AddModelOps() and any package, so configuration binds before the code's configure delegates.
            var source = new ModelOpsConfigurationSource(configuration, services);
            services.AddSingleton(source);
            services.AddSingleton<IModelOpsConfiguration>(source);
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IConfigureOptions<>), typeof(ModelOpsSectionConfigureOptions<>)));
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IOptionsChangeTokenSource<>), typeof(ModelOpsSectionChangeTokenSource<>)));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOpsOptions>, ModelOpsConfigurationValidator>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelOpsLoopsService>());
            services.TryAddSingleton<ModelOpsLoopsHealthCheck>();
        }

        return services.AddModelOps();
    }
}
