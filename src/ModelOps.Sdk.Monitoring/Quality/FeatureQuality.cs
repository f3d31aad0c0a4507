using ModelOps.Sdk.Monitoring.Profiles;

namespace ModelOps.Sdk.Monitoring.Quality;

/// <summary>The data quality of one feature or output over a window, against its reference.</summary>
public sealed record FeatureQuality
{
    /// <summary>Gets the feature's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the feature's kind.</summary>
    public required FeatureKind Kind { get; init; }

    /// <summary>Gets the number of values seen (missing included).</summary>
    public long Count { get; init; }

    /// <summary>Gets the number of null or NaN values.</summary>
    public long MissingCount { get; init; }

    /// <summary>Gets the share of null or NaN values in the window, in [0, 1].</summary>
    public double MissingShare { get; init; }

    /// <summary>Gets the share of null or NaN values in the reference, to compare with.</summary>
    public double ReferenceMissingShare { get; init; }

    /// <summary>Gets the number of positive or negative infinities.</summary>
    public long InfiniteCount { get; init; }

    /// <summary>Gets the number of numeric values below the reference minimum (negative infinity included).</summary>
    public long BelowRangeCount { get; init; }

    /// <summary>Gets the number of numeric values above the reference maximum (positive infinity included).</summary>
    public long AboveRangeCount { get; init; }

    /// <summary>Gets the number of categories the reference never had.</summary>
    public long UnseenCount { get; init; }

    /// <summary>Gets the first unseen categories met.</summary>
    public IReadOnlyList<string> UnseenExamples { get; init; } = [];

    /// <summary>Gets the share of the most frequent single value among the non-missing values, when the bins tell it
    /// (see <see cref="FeatureProfile.GetTopValueShare"/>).</summary>
    public double? TopValueShare { get; init; }

    /// <summary>Gets a value indicating whether the column is constant or almost constant: its top value's share is at least
    /// <see cref="DataQualityOptions.AlmostConstantShare"/>.</summary>
    public bool AlmostConstant { get; init; }

    /// <summary>Gets a value indicating whether the feature has any issue: missing, infinite, out-of-range or unseen values, or an
    /// almost-constant column.</summary>
    public bool HasIssues => MissingCount > 0 || InfiniteCount > 0 || BelowRangeCount > 0 || AboveRangeCount > 0 || UnseenCount > 0 || AlmostConstant;
}
