using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.Health;

/// <summary>
/// Reports the alias monitors of this container (<c>AddAliasMonitor</c>): healthy while each monitors the version its alias serves,
/// its last window raised no alert and windows keep being reported; degraded when a served version is not monitored (no reference
/// profile, or its monitor could not be created), when the last window raised an alert (drift, data quality, fairness, concept
/// drift), when the monitor's last run failed, or when its window is stale: no window reported for more than two window durations
/// (<see cref="StreamingMonitorOptions.WindowDuration"/>), which means no rows arrived or windows stopped closing. Never unhealthy:
/// monitoring tells about the model, not about whether this instance can serve.
/// </summary>
/// <remarks>
/// <para>Register it with <c>services.AddHealthChecks().AddCheck&lt;ModelMonitorsHealthCheck&gt;("modelops-monitors")</c>, or with
/// ModelOps.Sdk.AspNetCore's <c>AddHealthChecks()</c>. With no alias monitor registered it reports healthy.</para>
/// <para>The data of the result has, for each monitor <c>model@alias</c>: what it monitors (<c>monitoring version 2</c>,
/// <c>not monitored</c>), and when known <c>:lastWindowEndedAt</c>, <c>:alerts</c> (the alert kinds of the last window),
/// <c>:lastError</c> and <c>:attention</c>.</para>
/// </remarks>
public sealed class ModelMonitorsHealthCheck : IHealthCheck
{
    private readonly IAliasMonitorHealth[] _monitors;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="ModelMonitorsHealthCheck"/> class.</summary>
    /// <param name="loops">The container's loops; the alias monitors among them are reported.</param>
    /// <param name="timeProvider">The clock that says how old the last window is.</param>
    public ModelMonitorsHealthCheck(IEnumerable<IModelOpsLoop> loops, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(loops);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _monitors = [.. loops.OfType<IAliasMonitorHealth>()];
        _time = timeProvider;
    }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var degraded = new List<string>();
        var now = _time.GetUtcNow();
        foreach (var monitor in _monitors)
        {
            var name = $"{monitor.ModelName}@{monitor.AliasName}";
            var status = monitor.Status;
            data[name] = monitor.MonitoredVersion is { } version
                ? string.Create(CultureInfo.InvariantCulture, $"monitoring version {version}")
                : monitor.ServedVersion is { } served ? string.Create(CultureInfo.InvariantCulture, $"serves version {served}, not monitored") : "not monitored";
            if (status.Attention is { } attention)
            {
                data[name + ":attention"] = attention;
                degraded.Add(attention);
            }

            if (status.LastError is { } error && (status.LastRunAt is null || status.LastErrorAt >= status.LastRunAt))
            {
                data[name + ":lastError"] = error;
                degraded.Add($"{name}: {error}");
            }

            if (monitor.MonitoredVersion is not { } monitored)
            {
                continue;
            }

            var report = monitor.LastReport;
            if (report?.WindowEndedAt is { } endedAt)
            {
                data[name + ":lastWindowEndedAt"] = endedAt.ToString("o", CultureInfo.InvariantCulture);
            }

            if (report is not null && MonitoringAlert.For(monitor.ModelName, monitored, report) is { } alert)
            {
                data[name + ":alerts"] = alert.Kinds.ToString();
                degraded.Add($"{name} version {monitored}: the last window raised an alert ({alert.Kinds})");
            }

            var since = report?.WindowEndedAt ?? monitor.MonitoredSince;
            if (monitor.WindowDuration is { } window && since is { } from && now - from > 2 * window)
            {
                degraded.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{name} version {monitored}: no window reported since {from:o} (windows of {window}): no rows arrived, or windows stopped closing"));
            }
        }

        var result = degraded.Count == 0
            ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{_monitors.Length} alias monitor(s), no alert."), data)
            : HealthCheckResult.Degraded(string.Join("; ", degraded) + ".", data: data);
        return Task.FromResult(result);
    }
}
