namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>
/// How labels met predictions in a <see cref="ConceptDriftMonitor{TPrediction, TLabel}"/>: counts of each outcome, over a window
/// (<see cref="ConceptDriftWindow.Labels"/>) or since the monitor was created (<see cref="ConceptDriftMonitor{TPrediction, TLabel}.Totals"/>).
/// Unmatched and expired labels are counted, never silently dropped.
/// </summary>
public sealed record LabelJoinCounts
{
    /// <summary>Gets the predictions waiting for their label now (at most <see cref="ConceptDriftMonitorOptions.MaxPendingPredictions"/>).</summary>
    public long PendingPredictions { get; init; }

    /// <summary>Gets the predictions recorded with an id.</summary>
    public long RecordedPredictions { get; init; }

    /// <summary>Gets the predictions recorded again under an id that was still pending (the later one replaces the earlier).</summary>
    public long ReplacedPredictions { get; init; }

    /// <summary>Gets the labels joined to their prediction (and fed to the detectors).</summary>
    public long JoinedLabels { get; init; }

    /// <summary>Gets the outcomes given directly, prediction and label together, without an id.</summary>
    public long DirectOutcomes { get; init; }

    /// <summary>Gets the labels whose id matched no recorded prediction.</summary>
    public long UnmatchedLabels { get; init; }

    /// <summary>Gets the labels that came after their prediction expired or was evicted.</summary>
    public long ExpiredLabels { get; init; }

    /// <summary>Gets the predictions dropped unlabelled because they were older than <see cref="ConceptDriftMonitorOptions.LabelTimeToLive"/>.</summary>
    public long ExpiredPredictions { get; init; }

    /// <summary>Gets the predictions dropped unlabelled (the oldest first) to stay within <see cref="ConceptDriftMonitorOptions.MaxPendingPredictions"/>.</summary>
    public long EvictedPredictions { get; init; }
}
