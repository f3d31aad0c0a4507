using ModelOps.Sdk.Configuration;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.Monitors;

/// <summary>
/// The options of <c>builder.AddMonitoring(...)</c>: windows, drift decisions, data-quality thresholds and the reference profile's
/// name. Bind them from configuration (<c>"ModelOps:Monitoring"</c>) or set them in code; they are validated at start and on the
/// first resolution of <see cref="IModelMonitorFactory"/>.
/// </summary>
[ModelOpsOptionsSection(SectionName)]
public sealed class MonitoringOptions
{
    /// <summary>
    /// The configuration section these options bind from, relative to the <c>ModelOps</c> section (<see cref="ModelOpsOptions.SectionName"/>):
    /// <c>ModelOps:Monitoring</c>. <c>services.AddModelOps(configuration.GetSection("ModelOps"))</c> of ModelOps.Sdk.Hosting binds it.
    /// </summary>
    public const string SectionName = "Monitoring";

    /// <summary>Gets the window options of every monitor.</summary>
    /// <value>The default is tumbling one-hour windows.</value>
    public StreamingMonitorOptions Windows { get; } = new();

    /// <summary>Gets how drift is decided.</summary>
    public DriftOptions Drift { get; } = new();

    /// <summary>Gets the data-quality thresholds.</summary>
    public DataQualityOptions Quality { get; } = new();

    /// <summary>Gets or sets the document name of the reference profiles to load.</summary>
    /// <value>The default value is <see cref="ReferenceProfileRegistryExtensions.DefaultName"/> (<c>default</c>).</value>
    public string ReferenceProfileName { get; set; } = ReferenceProfileRegistryExtensions.DefaultName;

    /// <summary>
    /// Gets or sets the document name under which an <see cref="AliasMonitor{TInput, TOutput}"/> saves each window's report on the
    /// version it monitored (each window a new, audited revision; see <see cref="MonitoringReportRegistryExtensions.SaveMonitoringReportAsync"/>),
    /// or <see langword="null"/> to keep reports in memory only (<see cref="ModelMonitor{TInput, TOutput}.LastReport"/>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: reports are not saved.</value>
    public string? SavedReportName { get; set; }
}
