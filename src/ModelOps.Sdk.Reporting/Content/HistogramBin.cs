namespace ModelOps.Sdk.Reporting;

/// <summary>One bin of a feature's reference-versus-current histogram.</summary>
/// <param name="Label">The bin in plain words ("0.5 to under 1.25", "exactly 3", "EU", "missing", "above the reference maximum").</param>
/// <param name="ReferenceCount">The reference (training) rows in the bin.</param>
/// <param name="CurrentCount">The window's rows in the bin.</param>
/// <param name="ReferenceShare">The bin's share of the reference rows, in [0, 1].</param>
/// <param name="CurrentShare">The bin's share of the window's rows, in [0, 1].</param>
public sealed record HistogramBin(string Label, long ReferenceCount, long CurrentCount, double ReferenceShare, double CurrentShare);
