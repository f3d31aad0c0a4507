namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>How the p-value of the two-sample Kolmogorov–Smirnov test is computed, as SciPy's <c>ks_2samp(method=…)</c>.</summary>
public enum KolmogorovSmirnovPValueMethod
{
    /// <summary>Exact when the larger sample has at most 10,000 values, asymptotic otherwise (SciPy's <c>'auto'</c>).</summary>
    Auto,

    /// <summary>The exact null distribution (Hodges 1958); falls back to <see cref="Asymptotic"/> when it is not numerically reliable, as SciPy does.</summary>
    Exact,

    /// <summary>The finite-n Kolmogorov distribution at n·m/(n+m) rounded (<c>kstwo.sf(D, round(n·m/(n+m)))</c>).</summary>
    Asymptotic,
}
