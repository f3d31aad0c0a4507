using System.Globalization;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Signals;

namespace ModelOps.Sdk.Monitoring.Signals;

/// <summary>
/// The monitoring package's <see cref="IModelSignalSource"/>: every monitor's alerts, held per model version as signals that the
/// routing package reads to hold a ramp or roll a challenger back. Registered by <c>AddMonitoring()</c> as a singleton, as an
/// <see cref="IMonitoringAlertObserver"/> (so every monitor created by <see cref="Monitors.IModelMonitorFactory"/> publishes to it)
/// and as an <see cref="IModelSignalSource"/>. Thread-safe.
/// </summary>
/// <remarks>
/// <para>An alert becomes one signal per kind: a data-quality alert is <see cref="ModelSignalSeverity.Critical"/>; data drift or
/// prediction drift (one <see cref="ModelSignalKind.Drift"/> signal), a fairness violation and a concept-drift detection are
/// <see cref="ModelSignalSeverity.Warning"/>. A signal's time is the end of the alerting window, or the injected clock's time when
/// the window has none.</para>
/// <para>Signals are sticky: a version keeps the latest signal of each kind until a newer one of that kind replaces it or
/// <see cref="Clear"/> acknowledges them, so a window without an alert does not silently release a ramp held by an earlier one.
/// Monitors that do not go through a <see cref="Monitors.ModelMonitor{TInput, TOutput}"/> can <see cref="Publish"/> directly.</para>
/// </remarks>
public sealed class ModelSignalHub : IModelSignalSource, IMonitoringAlertObserver
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Model, int Version), Dictionary<ModelSignalKind, ModelSignal>> _signals = [];

    /// <summary>Initializes a new instance of the <see cref="ModelSignalHub"/> class.</summary>
    /// <param name="time">The clock that times an alert whose window has no end time.</param>
    public ModelSignalHub(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ModelSignal>> GetSignalsAsync(string modelName, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        lock (_lock)
        {
            IReadOnlyList<ModelSignal> current = _signals.TryGetValue((modelName, version), out var byKind)
                ? [.. byKind.Values.OrderBy(static s => s.RaisedAt).ThenBy(static s => s.Kind)]
                : [];
            return ValueTask.FromResult(current);
        }
    }

    /// <summary>Raises a signal: it replaces the version's current signal of the same kind.</summary>
    /// <param name="signal">The signal.</param>
    /// <exception cref="ArgumentException">The signal names no model.</exception>
    public void Publish(ModelSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentException.ThrowIfNullOrWhiteSpace(signal.ModelName, nameof(signal));
        lock (_lock)
        {
            var key = (signal.ModelName, signal.ModelVersion);
            if (!_signals.TryGetValue(key, out var byKind))
            {
                _signals[key] = byKind = [];
            }

            byKind[signal.Kind] = signal;
        }
    }

    /// <summary>Acknowledges a version's signals: it has none until the next alert.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <returns>How many signals were cleared.</returns>
    public int Clear(string modelName, int version)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        lock (_lock)
        {
            return _signals.Remove((modelName, version), out var byKind) ? byKind.Count : 0;
        }
    }

    /// <summary>Publishes the signals of a monitor's alert (see the remarks for the mapping).</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Not used: publishing does not wait.</param>
    /// <returns>A completed task.</returns>
    public ValueTask OnAlertAsync(MonitoringAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        foreach (var signal in ToSignals(alert, alert.Report.WindowEndedAt ?? _time.GetUtcNow()))
        {
            Publish(signal);
        }

        return ValueTask.CompletedTask;
    }

    private static IEnumerable<ModelSignal> ToSignals(MonitoringAlert alert, DateTimeOffset at)
    {
        var report = alert.Report;
        var c = CultureInfo.InvariantCulture;
        ModelSignal Signal(ModelSignalKind kind, ModelSignalSeverity severity, string detail) => new(alert.ModelName, alert.ModelVersion, kind, severity, detail, at);

        if ((alert.Kinds & (MonitoringAlertKinds.DataDrift | MonitoringAlertKinds.PredictionDrift)) != 0)
        {
            var parts = new List<string>();
            if (alert.Kinds.HasFlag(MonitoringAlertKinds.DataDrift))
            {
                var d = report.DatasetDrift;
                parts.Add(string.Create(c, $"{d.DriftedCount} of {d.FeatureCount} input features drifted ({string.Join(", ", d.DriftedFeatures)}; {d.DriftedShare:P0} against a threshold of {d.ShareThreshold:P0})"));
            }

            if (alert.Kinds.HasFlag(MonitoringAlertKinds.PredictionDrift))
            {
                parts.Add($"the outputs drifted ({string.Join(", ", report.Predictions.Where(static p => p.Drifted).Select(static p => p.Name))})");
            }

            yield return Signal(ModelSignalKind.Drift, ModelSignalSeverity.Warning, string.Join("; ", parts));
        }

        if (alert.Kinds.HasFlag(MonitoringAlertKinds.DataQuality))
        {
            var q = report.DataQuality;
            yield return Signal(ModelSignalKind.DataQuality, ModelSignalSeverity.Critical, string.Create(c,
                $"data-quality alert: {q.BadRowCount:N0} bad rows ({q.BadRowShare:P1}){(q.SignatureIssues.Count > 0 ? $", {q.SignatureIssues.Count} signature issue(s)" : string.Empty)}"));
        }

        if (alert.Kinds.HasFlag(MonitoringAlertKinds.Fairness))
        {
            var violations = report.ToSummary().Fairness
                .Select(f => string.Create(c, $"'{f.Attribute}' demographic parity ratio {(f.DemographicParityRatio is { } r ? r.ToString("0.###", c) : "insufficient")}"));
            yield return Signal(ModelSignalKind.Fairness, ModelSignalSeverity.Warning, $"fairness outside the four-fifths rule: {string.Join(", ", violations)}");
        }

        if (alert.Kinds.HasFlag(MonitoringAlertKinds.ConceptDrift))
        {
            var detectors = report.ConceptDrift.Where(static d => d.State == ConceptDrift.ConceptDriftState.Drift).Select(static d => d.Detector.ToString());
            yield return Signal(ModelSignalKind.ConceptDrift, ModelSignalSeverity.Warning, $"concept drift detected by {string.Join(", ", detectors)}");
        }
    }
}
