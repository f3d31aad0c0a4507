namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>What a <see cref="MonitoringAlert"/> is about; several may be set at once.</summary>
[Flags]
public enum MonitoringAlertKinds
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The input features drifted as a whole (<see cref="MonitoringReport.DatasetDrift"/>).</summary>
    DataDrift = 1,

    /// <summary>A model output drifted (<see cref="MonitoringReport.PredictionDrifted"/>).</summary>
    PredictionDrift = 2,

    /// <summary>The data-quality section raised an alert (bad rows, a column turned constant, a signature mismatch).</summary>
    DataQuality = 4,

    /// <summary>A fairness measure is outside its bound.</summary>
    Fairness = 8,

    /// <summary>A concept-drift detector reached the drift state.</summary>
    ConceptDrift = 16,
}
