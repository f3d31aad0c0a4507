namespace ModelOps.Sdk.Reporting;

/// <summary>Everything the report shows about one model, read from the registry and its stored documents.</summary>
/// <param name="Summary">The model's overview line.</param>
/// <param name="AliasTimeline">Every change of every alias in the period, oldest first.</param>
/// <param name="Versions">The versions registered in the period and the versions an alias points to, newest first.</param>
/// <param name="Windows">The stored monitoring windows in the period of every version an alias points to, oldest first.</param>
/// <param name="Experiments">The model's experiments.</param>
public sealed record ModelSection(
    ModelSummary Summary,
    IReadOnlyList<AliasChange> AliasTimeline,
    IReadOnlyList<ModelVersion> Versions,
    IReadOnlyList<StoredMonitoringWindow> Windows,
    IReadOnlyList<ExperimentReport> Experiments)
{
    /// <summary>Gets the limits the fairness figures are shown against: the fairness gate of the model's effective promotion policy,
    /// or the four-fifths rule without one.</summary>
    /// <value>The default value is <see cref="FairnessThresholds.FourFifthsRule"/>.</value>
    public FairnessThresholds FairnessLimits { get; init; } = FairnessThresholds.FourFifthsRule;

    /// <summary>Gets, per version an alias points to, the distribution of each input and output in its latest window that kept its
    /// bins (a saved window, merged across instances) against the reference distribution.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<FeatureHistogram> Histograms { get; init; } = [];

    /// <summary>Gets, per version an alias points to, the scoring load, latency and errors from the saved scorer telemetry; empty
    /// when no instance saved any in the period.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<ScoringLoad> Scoring { get; init; } = [];

    /// <summary>Gets, per version an alias points to and per instance, the concept-drift status of the latest window that instance
    /// saved with labelled outcomes in the period, ordered by version (newest first) then instance id; empty when no instance
    /// monitored labels. Never merged: each instance's detectors are its own.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<InstanceConceptDrift> ConceptDrift { get; init; } = [];
}
