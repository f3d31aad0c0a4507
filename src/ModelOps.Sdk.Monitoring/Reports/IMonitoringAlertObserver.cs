namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>
/// Receives the alerts of every <see cref="Monitors.ModelMonitor{TInput, TOutput}"/>: register implementations in dependency injection
/// (<c>services.AddSingleton&lt;IMonitoringAlertObserver, MyObserver&gt;()</c>) or subscribe one to a single monitor with
/// <see cref="Monitors.ModelMonitor{TInput, TOutput}.Subscribe"/>. The routing package implements it to roll back on an alert.
/// </summary>
/// <remarks>
/// Called on a background task after a window closes and its report is written, once per alerting window, in window order per
/// monitor. An exception is logged and does not stop other observers or later windows. Implementations must be thread-safe when
/// they observe several monitors.
/// </remarks>
public interface IMonitoringAlertObserver
{
    /// <summary>Handles an alert.</summary>
    /// <param name="alert">The alert, with the window's full report.</param>
    /// <param name="cancellationToken">Cancelled when the monitor is disposed.</param>
    /// <returns>A task that completes when the alert is handled.</returns>
    ValueTask OnAlertAsync(MonitoringAlert alert, CancellationToken cancellationToken);
}
