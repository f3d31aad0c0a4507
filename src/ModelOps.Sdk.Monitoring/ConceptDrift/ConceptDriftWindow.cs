using ModelOps.Sdk.Monitoring.Reports;

namespace ModelOps.Sdk.Monitoring.ConceptDrift;

/// <summary>What a <see cref="ConceptDriftMonitor{TPrediction, TLabel}"/> saw in one window: each detector's state and the label
/// join counts. Set <c>modelMonitor.ConceptDriftSource = conceptDrift.CloseWindow</c> to put it in every monitoring report.</summary>
/// <param name="Detectors">Each detector's status; a detector that detected a drift during the window is in the
/// <see cref="ConceptDriftState.Drift"/> state.</param>
/// <param name="Labels">The label join counts of the window (<see cref="LabelJoinCounts.PendingPredictions"/> as at its end).</param>
/// <param name="MeanError">The mean error of the outcomes fed during the window, or <see langword="null"/> when none was.</param>
public sealed record ConceptDriftWindow(IReadOnlyList<ConceptDriftStatus> Detectors, LabelJoinCounts Labels, double? MeanError);
