using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;
using ModelOps.Sdk.Monitoring.Telemetry;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>The <see cref="IModelMonitorFactory"/> registered by <c>AddMonitoring</c>.</summary>
internal sealed class ModelMonitorFactory : IModelMonitorFactory
{
    private readonly IModelRegistry _registry;
    private readonly MonitoringOptions _options;
    private readonly MonitoringMetrics _metrics;
    private readonly IEnumerable<IMonitoringAlertObserver> _observers;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    public ModelMonitorFactory(
        IModelRegistry registry,
        IOptions<MonitoringOptions> options,
        MonitoringMetrics metrics,
        IEnumerable<IMonitoringAlertObserver> observers,
        TimeProvider? time = null,
        ILoggerFactory? loggers = null)
    {
        _registry = registry;
        _options = options.Value;   // validates on first resolution even without a host (dotnet/aspnetcore#58100)
        _metrics = metrics;
        _observers = observers;
        _time = time ?? TimeProvider.System;
        _loggers = loggers ?? NullLoggerFactory.Instance;
    }

    public async Task<ModelMonitor<TInput, TOutput>> CreateAsync<TInput, TOutput>(string modelName, int version, MonitoringSchema<TInput, TOutput> schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var modelVersion = await _registry.GetVersionAsync(modelName, version, cancellationToken).ConfigureAwait(false);
        var reference = await _registry.LoadReferenceProfileAsync(modelName, version, _options.ReferenceProfileName, cancellationToken).ConfigureAwait(false);
        var signature = modelVersion.Signature;
        var issues = signature.Inputs.Count + signature.Outputs.Count == 0 ? [] : DataQuality.CheckSignature(schema, signature);
        var logger = _loggers.CreateLogger("ModelOps.Sdk.Monitoring.ModelMonitor");
        var stream = new StreamingMonitor<TInput, TOutput>(schema, reference, _options.Windows, _time, logger);
        return new ModelMonitor<TInput, TOutput>(modelName, version, stream, _options.Drift, _options.Quality, issues, _metrics, _observers, logger);
    }
}
