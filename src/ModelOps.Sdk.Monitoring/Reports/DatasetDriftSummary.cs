using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>Whether the input features drifted as a whole: the share of drifted features against a threshold.</summary>
/// <param name="FeatureCount">The number of input features compared.</param>
/// <param name="DriftedCount">How many drifted (after the p-value correction, when tests decide).</param>
/// <param name="DriftedShare">DriftedCount / FeatureCount.</param>
/// <param name="ShareThreshold">The share from which the dataset counts as drifted.</param>
/// <param name="Drifted">Whether DriftedShare reached ShareThreshold (and at least one feature drifted).</param>
/// <param name="Correction">The p-value correction used across features.</param>
/// <param name="DriftedFeatures">The names of the drifted features.</param>
public sealed record DatasetDriftSummary(
    int FeatureCount,
    int DriftedCount,
    double DriftedShare,
    double ShareThreshold,
    bool Drifted,
    PValueCorrection Correction,
    IReadOnlyList<string> DriftedFeatures);
