using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>
/// Stores a monitoring report with a model version as evidence, for example the report of the version's validation data against
/// its reference profile, which promotion gates (drift, data quality, fairness) read. Documents of kind <see cref="DocumentKinds.MonitoringReport"/>.
/// </summary>
public static class MonitoringReportRegistryExtensions
{
    /// <summary>The document name of the report on a version's validation data, which promotion gates read: <c>validation</c>.</summary>
    public const string ValidationName = "validation";

    /// <summary>
    /// Attaches a monitoring report to a model version (the report's JSON, schema version included). Saving again under the same
    /// name adds a revision; gates read the latest.
    /// </summary>
    /// <param name="registry">The registry.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version the report is about.</param>
    /// <param name="report">The report.</param>
    /// <param name="name">The document name; <see cref="ValidationName"/> for the validation report gates read.</param>
    /// <param name="reason">Why; recorded in the audit log.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored document.</returns>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="ModelVersionNotFoundException">The version does not exist.</exception>
    public static Task<ModelDocument> SaveMonitoringReportAsync(
        this IModelRegistry registry,
        string modelName,
        int version,
        MonitoringReport report,
        string name = ValidationName,
        string? reason = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return VersionDocuments.SaveAsync(registry, modelName, version, DocumentKinds.MonitoringReport, name, report.ToJson(), reason ?? $"monitoring report '{name}'", cancellationToken);
    }

    /// <summary>Loads the latest revision of a stored monitoring report, verified against its hash, or <see langword="null"/> when there is none.</summary>
    /// <param name="registry">The registry.</param>
    /// <param name="modelName">The model.</param>
    /// <param name="version">The version.</param>
    /// <param name="name">The document name.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The report, or <see langword="null"/>.</returns>
    public static async Task<MonitoringReport?> LoadMonitoringReportAsync(
        this IModelRegistry registry,
        string modelName,
        int version,
        string name = ValidationName,
        CancellationToken cancellationToken = default)
    {
        var content = await VersionDocuments.ReadLatestAsync(registry, modelName, version, DocumentKinds.MonitoringReport, name, cancellationToken).ConfigureAwait(false);
        return content is { } json ? MonitoringReport.FromJson(json.Span) : null;
    }
}
