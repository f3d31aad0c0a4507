namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>A method that compares a current distribution with a reference distribution.</summary>
public enum DriftMethod
{
    /// <summary>Two-sample Kolmogorov–Smirnov test on numeric values; decides by p-value.</summary>
    KolmogorovSmirnov,

    /// <summary>Chi-square test of homogeneity on category counts; decides by p-value.</summary>
    ChiSquare,

    /// <summary>Population stability index on binned or category counts; decides by distance.</summary>
    PopulationStabilityIndex,

    /// <summary>Jensen–Shannon distance (base 2, in [0, 1]) on binned or category counts; decides by distance.</summary>
    JensenShannonDistance,

    /// <summary>Wasserstein-1 (earth mover's) distance on numeric values, divided by the reference standard deviation; decides by distance.</summary>
    WassersteinDistance,

    /// <summary>Hellinger distance (in [0, 1]) on binned or category counts; decides by distance.</summary>
    HellingerDistance,
}
