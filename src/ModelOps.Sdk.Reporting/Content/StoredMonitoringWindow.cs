using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Reporting;

/// <summary>
/// One monitoring window of a version as the report shows it: a stored <see cref="DocumentKinds.MonitoringReport"/>, the fleet's
/// window of one aligned period, merged from the <see cref="DocumentKinds.MonitoringWindow"/> documents every instance saved for it,
/// or one instance's saved window that is not aligned to a period (sliding, row-count, or tumbling without
/// <c>AlignToUtcPeriods</c>), shown on its own and never added to another instance's.
/// </summary>
/// <param name="Version">The version monitored.</param>
/// <param name="Document">The stored document (its revision, when and by whom it was saved); for a merged window, the one saved last.</param>
/// <param name="Report">The report read from it, or computed from the merged profile of every instance's window of the period.</param>
public sealed record StoredMonitoringWindow(int Version, ModelDocument Document, MonitoringReport Report)
{
    /// <summary>Gets when the window started, when the report says.</summary>
    public DateTimeOffset? StartedAt => Report.WindowStartedAt;

    /// <summary>Gets when the window ended: the report's own end, or when it was saved when the report does not say.</summary>
    public DateTimeOffset EndedAt => Report.WindowEndedAt ?? Document.AttachedAt;

    /// <summary>Gets the aligned period whose windows, from every instance, were merged into this one; <see langword="null"/> for a
    /// window shown on its own: one instance's window that is not aligned, or a monitoring report saved by hand.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public MonitoringPeriod? Period { get; init; }

    /// <summary>Gets the ids of the instances whose windows the report covers, in ordinal order; empty for a monitoring report saved
    /// without them (before instances were recorded, or by hand).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<string> Instances { get; init; } = [];

    /// <summary>Gets how many instances contributed to the window (0 when not recorded).</summary>
    public int InstanceCount => Instances.Count;
}
