using ModelOps.Sdk.Monitoring.Drift;
using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>The drift of one feature or output between the reference and a window.</summary>
public sealed record FeatureDrift
{
    /// <summary>Gets the feature's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the feature's kind.</summary>
    public required FeatureKind Kind { get; init; }

    /// <summary>Gets why this method was used, for example <c>auto: numeric, 4,000 reference rows &gt; 1000, more than 5 values</c>
    /// or <c>override</c>.</summary>
    public required string Selection { get; init; }

    /// <summary>Gets the result of the drift method: statistic, p-value, threshold, units, sample sizes, bins, smoothing and, for
    /// binned approximations of raw-value methods, the error bound.</summary>
    public required DriftResult Result { get; init; }

    /// <summary>Gets the comparison of the missing share (present against missing, with the same kind of method as the main one),
    /// for numeric features whose main method (Kolmogorov–Smirnov, Wasserstein) cannot place missing values; otherwise
    /// <see langword="null"/> because the missing bin is part of <see cref="Result"/>.</summary>
    public DriftResult? MissingShift { get; init; }

    /// <summary>Gets a value indicating whether the feature drifted: by <see cref="Result"/> or by <see cref="MissingShift"/>.</summary>
    public bool Drifted => Result.Drifted || MissingShift?.Drifted == true;
}
