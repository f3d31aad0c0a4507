using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Optimization;

namespace ModelOps.Sdk;

/// <summary>
/// Adds the optimization flavor to ModelOps.Sdk.
/// </summary>
public static class OptimizationModelOpsBuilderExtensions
{
    /// <summary>
    /// Adds the <c>optimization</c> flavor (<see cref="OptimizationFlavor"/>): linear and mixed-integer models are checked at
    /// registration by a smoke solve and scored in process with OR-Tools.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Configures the <see cref="OptimizationFlavorOptions"/>; may be <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Idempotent: calling it twice registers the flavor once, and both <paramref name="configure"/> callbacks apply in order.
    /// To bind the options from configuration, also call
    /// <c>services.Configure&lt;OptimizationFlavorOptions&gt;(configuration.GetSection(OptimizationFlavorOptions.SectionName))</c>.
    /// The options are validated on start when a host runs, and in any case when the flavor is first resolved.
    /// </remarks>
    public static IModelOpsBuilder AddOptimization(this IModelOpsBuilder builder, Action<OptimizationFlavorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<OptimizationFlavorOptions>().ValidateDataAnnotations();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OptimizationFlavorOptions>, OptimizationFlavorOptionsValidator>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelFlavor, OptimizationFlavor>());
        return builder;
    }
}
