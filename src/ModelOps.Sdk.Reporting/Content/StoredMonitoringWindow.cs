using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Reporting;

/// <summary>One stored monitoring window of a version: the <see cref="DocumentKinds.MonitoringReport"/> document and its report.</summary>
/// <param name="Version">The version monitored.</param>
/// <param name="Document">The stored document (its revision, when and by whom it was saved).</param>
/// <param name="Report">The report read from it.</param>
public sealed record StoredMonitoringWindow(int Version, ModelDocument Document, MonitoringReport Report)
{
    /// <summary>Gets when the window ended: the report's own end, or when it was saved when the report does not say.</summary>
    public DateTimeOffset EndedAt => Report.WindowEndedAt ?? Document.AttachedAt;
}
