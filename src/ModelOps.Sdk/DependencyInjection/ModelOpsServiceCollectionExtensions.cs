using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.DependencyInjection;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Registry;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Security;

namespace ModelOps.Sdk;

/// <summary>
/// Adds ModelOps.Sdk to a service collection.
/// </summary>
public static class ModelOpsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the model registry (<see cref="IModelRegistry"/>) with the filesystem store under its default folder; choose another
    /// store with <c>.UseFileSystem(path)</c> or <c>.UseInMemory()</c> on the returned builder.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets <see cref="ModelOpsOptions"/>; options can also be bound from configuration.</param>
    /// <returns>A builder to choose storage and add features.</returns>
    /// <remarks>
    /// <para>Calling it more than once is safe: services are added with <c>TryAdd</c> and each <paramref name="configure"/> is applied.</para>
    /// <para>Options are validated when the registry is first resolved, so a misconfiguration fails at start even without a host;
    /// with a host they are also validated on start.</para>
    /// <para>Time comes from the registered <see cref="TimeProvider"/> (the system clock unless you register another), the acting
    /// principal from <see cref="IActorAccessor"/> (the process user unless you register another), logging from
    /// <c>ILoggerFactory</c> if one is registered.</para>
    /// <para>It also registers the registry's change watching as an <see cref="IModelOpsLoop"/> (<c>registry:watch</c>): with
    /// ModelOps.Sdk.Hosting the registry catches up with the store when the host starts; without a host it does so on first use.</para>
    /// </remarks>
    public static IModelOpsBuilder AddModelOps(this IServiceCollection services, Action<ModelOpsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Validators are added once, so a second AddModelOps call does not report every problem twice.
        var firstCall = !services.Any(static d => d.ServiceType == typeof(ModelRegistry));
        var options = services.AddOptions<ModelOpsOptions>();
        if (firstCall)
        {
            options.ValidateDataAnnotations().ValidateOnStart();
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelOpsOptions>, ModelOpsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IActorAccessor, ProcessActorAccessor>();
        FileSystemModelOpsBuilderExtensions.AddFileSystemDefaults(services);
        services.TryAddSingleton<FlavorCatalog>();
        services.TryAddSingleton<ModelRegistry>();
        services.TryAddSingleton<IModelRegistry>(static sp => sp.GetRequiredService<ModelRegistry>());
        services.TryAddSingleton<IArtifactCollector>(static sp => sp.GetRequiredService<ModelRegistry>());
        services.TryAddSingleton<IAuditChainVerifier, AuditChainVerifierService>();
        services.TryAddSingleton<ScorerTracker>();
        services.TryAddSingleton<IModelScorerFactory, ModelScorerFactory>();
        services.TryAddSingleton<IDecisionExplainer, DecisionExplainer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelOpsLoop, RegistryWatchLoop>());
        services.AddOptions<ModelScorersHealthCheckOptions>();
        services.TryAddSingleton(static sp => new ModelScorersHealthCheck(
            sp.GetRequiredService<ScorerTracker>(),
            sp.GetRequiredService<ModelRegistry>(),
            sp.GetRequiredService<IOptions<ModelScorersHealthCheckOptions>>().Value));
        services.TryAddSingleton(static sp => new ModelStoreHealthCheck(sp.GetRequiredService<ModelRegistry>()));
        return new ModelOpsBuilder(services);
    }
}
