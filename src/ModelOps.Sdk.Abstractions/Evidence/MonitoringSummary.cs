namespace ModelOps.Sdk.Evidence;

/// <summary>
/// The part of a monitoring report that other packages read: the dataset-drift decision, prediction drift, data quality, fairness
/// and concept drift of one window of data against a version's reference. <c>ModelOps.Sdk.Monitoring</c> stores the full report as
/// a <see cref="DocumentKinds.MonitoringReport"/> document (<c>SaveMonitoringReportAsync</c>) and builds this summary from it
/// (<c>MonitoringReport.ToSummary()</c>); governance's gates and model card read it from the stored document with
/// <see cref="EvidenceJson.ReadMonitoringSummary"/>.
/// </summary>
public sealed record MonitoringSummary
{
    /// <summary>Gets the schema version of the stored report the summary was read from (<see cref="EvidenceJson.MonitoringReportSchemaVersion"/> for reports this library writes).</summary>
    public int SchemaVersion { get; init; } = EvidenceJson.MonitoringReportSchemaVersion;

    /// <summary>Gets the model the report is about, if the report names it.</summary>
    public string? ModelName { get; init; }

    /// <summary>Gets the version the report is about, if the report names it.</summary>
    public int? ModelVersion { get; init; }

    /// <summary>Gets when the window started, if known.</summary>
    public DateTimeOffset? WindowStartedAt { get; init; }

    /// <summary>Gets when the window ended, if known.</summary>
    public DateTimeOffset? WindowEndedAt { get; init; }

    /// <summary>Gets the number of reference rows.</summary>
    public long ReferenceRows { get; init; }

    /// <summary>Gets the number of rows in the window.</summary>
    public long CurrentRows { get; init; }

    /// <summary>Gets the share of input features that drifted, in [0, 1], or <see langword="null"/> when the report has no dataset-drift section.</summary>
    public double? DriftedShare { get; init; }

    /// <summary>Gets a value indicating whether the input features drifted as a whole (the drifted share reached the report's threshold).</summary>
    public bool DatasetDrifted { get; init; }

    /// <summary>Gets the names of the drifted input features.</summary>
    public IReadOnlyList<string> DriftedFeatures { get; init; } = [];

    /// <summary>Gets a value indicating whether any model output drifted.</summary>
    public bool PredictionDrifted { get; init; }

    /// <summary>Gets the share of rows with any data-quality issue, in [0, 1], or <see langword="null"/> when the report has no data-quality section.</summary>
    public double? BadRowShare { get; init; }

    /// <summary>Gets a value indicating whether the data-quality section raised an alert.</summary>
    public bool DataQualityAlert { get; init; }

    /// <summary>Gets the inputs that broke the model's signature, each as <c>field: problem</c>.</summary>
    public IReadOnlyList<string> SignatureIssues { get; init; } = [];

    /// <summary>Gets the fairness figures of every monitored protected attribute and intersection; empty when fairness is not monitored.</summary>
    public IReadOnlyList<FairnessSummary> Fairness { get; init; } = [];

    /// <summary>Gets a value indicating whether a concept-drift detector was in the drift state in the window.</summary>
    public bool ConceptDrifted { get; init; }
}
