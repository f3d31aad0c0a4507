using System.Text.Json.Serialization;
using System.ComponentModel.DataAnnotations;
using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Monitoring.Reports;

/// <summary>
/// How drift is decided: the automatic choice of method by kind and sample size (see <see cref="DriftAnalyzer"/>), its thresholds,
/// the dataset-drift share and the correction for testing many features at once, and per-feature overrides.
/// </summary>
public sealed class DriftOptions
{
    /// <summary>Gets or sets the reference size up to which statistical tests decide (Kolmogorov–Smirnov, chi-square); above it,
    /// effect sizes do (Wasserstein, Jensen–Shannon), since with many rows a test flags differences too small to matter.</summary>
    /// <value>The default value is 1000, Evidently's.</value>
    [Range(1, int.MaxValue)]
    public int SmallSampleLimit { get; set; } = 1000;

    /// <summary>Gets or sets the number of distinct reference values up to which a numeric feature is compared like a categorical
    /// one (chi-square or Jensen–Shannon over its single-value bins).</summary>
    /// <value>The default value is 5, Evidently's.</value>
    [Range(0, 1000)]
    public int FewValuesLimit { get; set; } = 5;

    /// <summary>Gets or sets the significance level of the statistical tests.</summary>
    /// <value>The default value is 0.05.</value>
    [Range(1e-12, 0.5)]
    public double Alpha { get; set; } = DriftDefaults.Alpha;

    /// <summary>Gets or sets the additive smoothing applied to both sides' bin shares (see <see cref="DriftDefaults.Smoothing"/>).</summary>
    /// <value>The default value is 1e-4.</value>
    [Range(0.0, 0.1)]
    public double Smoothing { get; set; } = DriftDefaults.Smoothing;

    /// <summary>Gets or sets the share of drifted input features from which the dataset counts as drifted.</summary>
    /// <value>The default value is 0.5, Evidently's.</value>
    [Range(0.0, 1.0)]
    public double DatasetDriftShare { get; set; } = 0.5;

    /// <summary>Gets or sets the correction of p-values across features for the dataset-drift decision.</summary>
    /// <value>The default value is <see cref="PValueCorrection.None"/>, as Evidently.</value>
    public PValueCorrection Correction { get; set; } = PValueCorrection.None;

    /// <summary>Gets per-feature overrides, by feature or output name (ordinal).</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IDictionary<string, FeatureDriftOptions> Features { get; } = new Dictionary<string, FeatureDriftOptions>(StringComparer.Ordinal);

    /// <summary>Checks the options, naming every problem.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (SmallSampleLimit < 1)
        {
            problems.Add($"SmallSampleLimit must be positive (was {SmallSampleLimit})");
        }

        if (FewValuesLimit is < 0 or > 1000)
        {
            problems.Add($"FewValuesLimit must be between 0 and 1000 (was {FewValuesLimit})");
        }

        if (!(Alpha is > 0 and <= 0.5))
        {
            problems.Add($"Alpha must be in (0, 0.5] (was {Alpha})");
        }

        if (!(Smoothing is >= 0 and <= 0.1))
        {
            problems.Add($"Smoothing must be in [0, 0.1] (was {Smoothing})");
        }

        if (!(DatasetDriftShare is >= 0 and <= 1))
        {
            problems.Add($"DatasetDriftShare must be in [0, 1] (was {DatasetDriftShare})");
        }

        foreach (var (name, feature) in Features)
        {
            if (feature.Threshold is { } t && !(t > 0 && double.IsFinite(t)))
            {
                problems.Add($"the threshold of feature '{name}' must be positive and finite (was {t})");
            }
        }

        return problems;
    }
}
