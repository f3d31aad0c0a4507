namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>The default thresholds and smoothing of the drift methods, in one place.</summary>
/// <remarks>
/// The thresholds keep the decisions of Evidently's defaults (<c>evidently/calculations/stattests</c>): 0.05 for tests, 0.1 for
/// PSI, Wasserstein (normalised) and Hellinger, and 0.1 for Jensen–Shannon, which Evidently computes with the natural logarithm.
/// This library reports Jensen–Shannon in base 2 (range [0, 1]), so the same decision needs 0.1 / √(ln 2) ≈ 0.1201.
/// </remarks>
public static class DriftDefaults
{
    /// <summary>The significance level of the Kolmogorov–Smirnov and chi-square tests. The default value is 0.05.</summary>
    public const double Alpha = 0.05;

    /// <summary>The population stability index at which a distribution has drifted. The default value is 0.1.</summary>
    public const double PopulationStabilityIndexThreshold = 0.1;

    /// <summary>The normalised Wasserstein distance at which a distribution has drifted. The default value is 0.1.</summary>
    public const double WassersteinThreshold = 0.1;

    /// <summary>The Hellinger distance at which a distribution has drifted. The default value is 0.1.</summary>
    public const double HellingerThreshold = 0.1;

    /// <summary>
    /// The probability ε added to every bin of both distributions before renormalising, so empty bins do not make PSI infinite.
    /// The default value is 1e-4.
    /// </summary>
    public const double Smoothing = 1e-4;

    /// <summary>
    /// Gets the base-2 Jensen–Shannon distance at which a distribution has drifted: 0.1 / √(ln 2) ≈ 0.1201, the same decision
    /// as Evidently's 0.1 in natural-log units.
    /// </summary>
    public static double JensenShannonThreshold { get; } = 0.1 / Math.Sqrt(Math.Log(2));
}
