namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>
/// Raised when a window's <see cref="MonitoringReport"/> calls for attention. The routing package uses it as a guardrail (roll back
/// or stop a challenger); applications page someone or log it.
/// </summary>
/// <param name="ModelName">The model.</param>
/// <param name="ModelVersion">The version being monitored.</param>
/// <param name="Kinds">What the alert is about.</param>
/// <param name="Report">The full report of the window.</param>
public sealed record MonitoringAlert(string ModelName, int ModelVersion, MonitoringAlertKinds Kinds, MonitoringReport Report)
{
    /// <summary>Creates the alert for a report, or <see langword="null"/> when the report has no alert.</summary>
    /// <param name="modelName">The model.</param>
    /// <param name="modelVersion">The version.</param>
    /// <param name="report">The report.</param>
    /// <returns>The alert, or <see langword="null"/>.</returns>
    public static MonitoringAlert? For(string modelName, int modelVersion, MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var kinds = MonitoringAlertKinds.None;
        kinds |= report.DatasetDrift.Drifted ? MonitoringAlertKinds.DataDrift : 0;
        kinds |= report.PredictionDrifted ? MonitoringAlertKinds.PredictionDrift : 0;
        kinds |= report.DataQuality.Alert ? MonitoringAlertKinds.DataQuality : 0;
        kinds |= report.FairnessAlert ? MonitoringAlertKinds.Fairness : 0;
        kinds |= report.ConceptDrift.Any(c => c.State == ConceptDrift.ConceptDriftState.Drift) ? MonitoringAlertKinds.ConceptDrift : 0;
        return kinds == MonitoringAlertKinds.None ? null : new MonitoringAlert(modelName, modelVersion, kinds, report);
    }
}
