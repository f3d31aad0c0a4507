using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Quality;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>What a <see cref="MonitoringReport"/> says besides the two profiles: which model and window, and the sections computed
/// elsewhere (signature check, fairness, concept drift).</summary>
public sealed class MonitoringReportContext
{
    /// <summary>Gets the model's name, if known.</summary>
    public string? ModelName { get; init; }

    /// <summary>Gets the model version, if known.</summary>
    public int? ModelVersion { get; init; }

    /// <summary>Gets when the window started, if known.</summary>
    public DateTimeOffset? WindowStartedAt { get; init; }

    /// <summary>Gets when the window ended, if known.</summary>
    public DateTimeOffset? WindowEndedAt { get; init; }

    /// <summary>Gets the differences between the monitored fields and the model's signature (from
    /// <see cref="DataQuality.CheckSignature{TInput, TOutput}"/>).</summary>
    public IReadOnlyList<SignatureIssue>? SignatureIssues { get; init; }

    /// <summary>Gets the data-quality thresholds, or <see langword="null"/> for the defaults.</summary>
    public DataQualityOptions? Quality { get; init; }

    /// <summary>Gets the fairness section (from <see cref="FairnessMetrics"/>), if fairness is monitored.</summary>
    public FairnessReport? Fairness { get; init; }

    /// <summary>Gets the fairness sections of several protected attributes (from <see cref="FairnessMonitor{TInput, TOutput}.CloseWindow"/>),
    /// if fairness is monitored; <see cref="Fairness"/>, when set, comes first.</summary>
    public IReadOnlyList<FairnessReport>? FairnessByAttribute { get; init; }

    /// <summary>Gets the concept-drift detectors' states, if labels are monitored.</summary>
    public IReadOnlyList<ConceptDriftStatus>? ConceptDrift { get; init; }

    /// <summary>Gets how labels met predictions in the window (from <see cref="ConceptDrift.ConceptDriftWindow.Labels"/>), if labels are monitored.</summary>
    public ConceptDrift.LabelJoinCounts? Labels { get; init; }
}
