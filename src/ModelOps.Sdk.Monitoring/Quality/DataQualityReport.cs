namespace ModelOps.Sdk.Monitoring.Quality;

/// <summary>
/// The data quality of a window: bad rows (counted, never dropped), and per feature and output the missing, NaN, infinite,
/// out-of-range and unseen values and almost-constant columns, plus any difference between the monitored fields and the model's
/// signature. Build one with <see cref="DataQuality.Evaluate"/>.
/// </summary>
public sealed record DataQualityReport
{
    /// <summary>Gets the number of rows in the window.</summary>
    public long RowCount { get; init; }

    /// <summary>Gets the number of rows with at least one issue (missing, NaN, infinite, out of range, unseen category).</summary>
    public long BadRowCount { get; init; }

    /// <summary>Gets the share of bad rows, in [0, 1].</summary>
    public double BadRowShare { get; init; }

    /// <summary>Gets a value indicating whether <see cref="BadRowShare"/> reached <see cref="DataQualityOptions.BadRowShareAlert"/>,
    /// a column became almost constant that was not in the reference, or the signature does not match.</summary>
    public bool Alert { get; init; }

    /// <summary>Gets the input features' quality.</summary>
    public required IReadOnlyList<FeatureQuality> Features { get; init; }

    /// <summary>Gets the outputs' quality.</summary>
    public IReadOnlyList<FeatureQuality> Predictions { get; init; } = [];

    /// <summary>Gets the differences between the monitored fields and the model's signature (type and shape).</summary>
    public IReadOnlyList<SignatureIssue> SignatureIssues { get; init; } = [];
}
