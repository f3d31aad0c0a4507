namespace ModelOps.Sdk.Evidence;

/// <summary>
/// The headline fairness figures of one protected attribute (or intersection) in a <see cref="MonitoringSummary"/>, as Fairlearn
/// defines them and <c>ModelOps.Sdk.Monitoring</c> computes them. A figure is <see langword="null"/> when the groups were too small
/// for it; <see cref="InsufficientReason"/> then says why.
/// </summary>
/// <param name="Attribute">The protected attribute, as named in the report (<c>(unnamed)</c> when the report gave it no name).</param>
/// <param name="DemographicParityRatio">The lowest group selection rate divided by the highest, in [0, 1] (0.8 is the four-fifths rule).</param>
/// <param name="DemographicParityDifference">The highest group selection rate minus the lowest, in [0, 1].</param>
/// <param name="EqualizedOddsDifference">The larger of the true-positive-rate and false-positive-rate gaps between groups, in [0, 1] (needs labels).</param>
/// <param name="InsufficientReason">Why a figure that is <see langword="null"/> could not be computed (the first reason the report gives), or <see langword="null"/>.</param>
public sealed record FairnessSummary(
    string Attribute,
    double? DemographicParityRatio,
    double? DemographicParityDifference,
    double? EqualizedOddsDifference,
    string? InsufficientReason);
