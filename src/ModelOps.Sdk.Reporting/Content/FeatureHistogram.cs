namespace ModelOps.Sdk.Reporting;

/// <summary>
/// The distribution of one input or output in a version's latest monitoring window against its reference (training) distribution,
/// in the reference's bins: the counts of the stored profiles (for the fleet, the merged profile of every instance's window).
/// </summary>
/// <param name="Version">The version monitored.</param>
/// <param name="Feature">The input's or output's name.</param>
/// <param name="IsOutput">Whether it is a model output (the prediction distribution) rather than an input.</param>
/// <param name="WindowEndedAt">When the window ended.</param>
/// <param name="Instances">How many instances' windows the current counts merge (0 when not recorded).</param>
/// <param name="Bins">The bins: the reference's regular bins, then those of values outside them (below or above the reference's
/// range, other or unseen categories, missing) when either distribution has any.</param>
public sealed record FeatureHistogram(int Version, string Feature, bool IsOutput, DateTimeOffset WindowEndedAt, int Instances, IReadOnlyList<HistogramBin> Bins);
