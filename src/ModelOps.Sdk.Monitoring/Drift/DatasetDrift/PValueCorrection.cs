namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>How the p-values of several features are corrected for testing them together.</summary>
public enum PValueCorrection
{
    /// <summary>No correction: each feature is decided at its own significance level.</summary>
    None,

    /// <summary>Bonferroni: each p-value multiplied by the number of tests (controls the family-wise error rate).</summary>
    Bonferroni,

    /// <summary>Benjamini–Hochberg (1995) step-up adjustment (controls the false discovery rate).</summary>
    BenjaminiHochberg,
}
