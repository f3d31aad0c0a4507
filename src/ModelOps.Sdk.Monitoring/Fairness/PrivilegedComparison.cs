namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>
/// One unprivileged group compared with the privileged group in AIF360's signed convention (unprivileged minus privileged, and
/// unprivileged over privileged). A value is <see langword="null"/> when either rate is insufficient.
/// </summary>
public sealed record PrivilegedComparison
{
    /// <summary>Gets the unprivileged group.</summary>
    public required FairnessGroup Group { get; init; }

    /// <summary>Gets the statistical parity difference SR_u − SR_p (AIF360 <c>statistical_parity_difference</c>).</summary>
    public double? StatisticalParityDifference { get; init; }

    /// <summary>Gets the disparate impact SR_u / SR_p (AIF360 <c>disparate_impact</c>).</summary>
    public double? DisparateImpact { get; init; }

    /// <summary>
    /// Gets whether the group passes the four-fifths rule (disparate impact at least the threshold, 0.8 by default; US EEOC Uniform
    /// Guidelines, 29 CFR 1607.4(D)), or <see langword="null"/> when it cannot be decided.
    /// </summary>
    public bool? PassesFourFifthsRule { get; init; }

    /// <summary>Gets the equal opportunity difference TPR_u − TPR_p (AIF360 <c>equal_opportunity_difference</c>).</summary>
    public double? EqualOpportunityDifference { get; init; }

    /// <summary>Gets the false positive rate difference FPR_u − FPR_p (AIF360 <c>false_positive_rate_difference</c>).</summary>
    public double? FalsePositiveRateDifference { get; init; }

    /// <summary>Gets the average odds difference ½[(FPR_u − FPR_p) + (TPR_u − TPR_p)] (AIF360 <c>average_odds_difference</c>).</summary>
    public double? AverageOddsDifference { get; init; }
}
