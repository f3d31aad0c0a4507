using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.DependencyInjection;
using ModelOps.Sdk.Monitoring.Schema;
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

    /// <summary>
    /// Registers an <see cref="AliasMonitor{TInput, TOutput}"/> that monitors whatever version <paramref name="aliasName"/> of
    /// <paramref name="modelName"/> serves, switching at each hot swap; keyed by <c>model@alias</c> and unkeyed for the first one of
    /// these types. It is an <see cref="IModelOpsLoop"/>: ModelOps.Sdk.Hosting starts it with the host and stops it (reporting the
    /// last window) with the host; without a host, call <see cref="AliasMonitor{TInput, TOutput}.StartAsync"/> yourself.
    /// </summary>
    /// <typeparam name="TInput">The model's input row type.</typeparam>
    /// <typeparam name="TOutput">The model's output type.</typeparam>
    /// <param name="builder">The builder returned by <c>services.AddModelOps()</c>.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="aliasName">The alias whose version is monitored, for example <c>champion</c>.</param>
    /// <param name="schema">What to read from each row and output; the reference profiles must have its features.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>Adds monitoring (<see cref="AddMonitoring"/>) if it was not added. Registering the same model, alias and types twice
    /// registers one monitor.</remarks>
    /// <exception cref="ArgumentException"><paramref name="modelName"/> or <paramref name="aliasName"/> is null or blank.</exception>
    public static IModelOpsBuilder AddAliasMonitor<TInput, TOutput>(this IModelOpsBuilder builder, string modelName, string aliasName, MonitoringSchema<TInput, TOutput> schema)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(aliasName);
        ArgumentNullException.ThrowIfNull(schema);
        var services = builder.Services;
        var key = $"{modelName}@{aliasName}";
        if (services.Any(d => d.IsKeyedService && d.ServiceType == typeof(AliasMonitor<TInput, TOutput>) && Equals(d.ServiceKey, key)))
        {
            return builder;
        }

        if (!services.Any(static d => d.ServiceType == typeof(IModelMonitorFactory)))
        {
            builder.AddMonitoring();
        }

        services.AddKeyedSingleton(key, (sp, _) => new AliasMonitor<TInput, TOutput>(
            sp.GetRequiredService<IModelRegistry>(),
            sp.GetRequiredService<IModelMonitorFactory>(),
            modelName,
            aliasName,
            schema,
            sp.GetRequiredService<IOptions<MonitoringOptions>>().Value,
            sp.GetRequiredService<MonitoringMetrics>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILoggerFactory>()?.CreateLogger("ModelOps.Sdk.Monitoring.AliasMonitor") ?? NullLogger.Instance,
            sp.GetService<IOptions<ModelOpsOptions>>()?.Value.InstanceId ?? ModelOpsOptions.DefaultInstanceId));
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<AliasMonitor<TInput, TOutput>>(key));
        services.AddSingleton<IModelOpsLoop>(sp => sp.GetRequiredKeyedService<AliasMonitor<TInput, TOutput>>(key));
        return builder;
    }
}
