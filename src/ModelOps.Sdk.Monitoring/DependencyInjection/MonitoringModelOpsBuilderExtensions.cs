using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Monitoring.DependencyInjection;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Signals;
using ModelOps.Sdk.Signals;
using ModelOps.Sdk.Monitoring.Telemetry;

namespace ModelOps.Sdk;

/// <summary>
/// Adds monitoring (drift, data quality, fairness and concept-drift reports, metrics and alerts) to ModelOps.Sdk.
/// </summary>
public static class MonitoringModelOpsBuilderExtensions
{
    /// <summary>
    /// Registers <see cref="IModelMonitorFactory"/>, <see cref="MonitoringMetrics"/>, the validated <see cref="MonitoringOptions"/>
    /// and one <see cref="ModelSignalHub"/>, both as an <see cref="IMonitoringAlertObserver"/> (every monitor's alerts reach it) and
    /// as an <see cref="IModelSignalSource"/> (routing reads it). Register more alert observers as services to receive every
    /// monitor's alerts.
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="configure">Sets the options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>Idempotent: services are added with <c>TryAdd</c> and each <paramref name="configure"/> is applied. The options are
    /// validated at host start and on the first resolution of <see cref="IModelMonitorFactory"/>; an invalid value throws
    /// <see cref="OptionsValidationException"/> naming it.</remarks>
    public static IModelOpsBuilder AddMonitoring(this IModelOpsBuilder builder, Action<MonitoringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<MonitoringOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>());
        builder.Services.TryAddSingleton(static sp => new MonitoringMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.TryAddSingleton<IModelMonitorFactory, ModelMonitorFactory>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ModelSignalHub>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IMonitoringAlertObserver, ModelSignalHub>(static sp => sp.GetRequiredService<ModelSignalHub>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelSignalSource, ModelSignalHub>(static sp => sp.GetRequiredService<ModelSignalHub>()));
        return builder;
    }
}
