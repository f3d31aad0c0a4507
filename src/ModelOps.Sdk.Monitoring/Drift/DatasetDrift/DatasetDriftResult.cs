namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>Whether a dataset drifted as a whole: the share of drifted features against a threshold.</summary>
public sealed record DatasetDriftResult
{
    /// <summary>Gets the number of features evaluated.</summary>
    public required int FeatureCount { get; init; }

    /// <summary>Gets the number of features that drifted after correction.</summary>
    public required int DriftedCount { get; init; }

    /// <summary>Gets <see cref="DriftedCount"/> / <see cref="FeatureCount"/>.</summary>
    public required double DriftedShare { get; init; }

    /// <summary>Gets the share of drifted features at which the dataset has drifted.</summary>
    public required double ShareThreshold { get; init; }

    /// <summary>Gets a value indicating whether <see cref="DriftedShare"/> ≥ <see cref="ShareThreshold"/>.</summary>
    public required bool Drifted { get; init; }

    /// <summary>Gets the correction applied to the features decided by p-values.</summary>
    public required PValueCorrection Correction { get; init; }

    /// <summary>Gets, per feature in input order, whether it drifted after correction.</summary>
    public required IReadOnlyList<bool> FeatureDrifted { get; init; }

    /// <summary>Gets, per feature in input order, the corrected p-value, or <see langword="null"/> for features decided by a distance.</summary>
    public required IReadOnlyList<double?> AdjustedPValues { get; init; }
}
