namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>Fairness of a model's decisions across the groups of a protected attribute (or an intersection of two).</summary>
/// <remarks>Immutable and JSON-serializable with System.Text.Json.</remarks>
public sealed record FairnessReport
{
    /// <summary>Gets the protected attribute (or intersection, <c>first &amp; second</c>) the groups are of, when known.</summary>
    public string? Attribute { get; init; }

    /// <summary>Gets every group's counts and rates.</summary>
    public required IReadOnlyList<GroupFairness> Groups { get; init; }

    /// <summary>Gets the minimum group size used.</summary>
    public required int MinimumGroupSize { get; init; }

    /// <summary>Gets the privileged group of the signed comparisons, or <see langword="null"/>.</summary>
    public FairnessGroup? PrivilegedGroup { get; init; }

    /// <summary>Gets max − min of the selection rates (Fairlearn <c>demographic_parity_difference</c>).</summary>
    public required FairnessMeasure DemographicParityDifference { get; init; }

    /// <summary>Gets min / max of the selection rates (Fairlearn <c>demographic_parity_ratio</c>).</summary>
    public required FairnessMeasure DemographicParityRatio { get; init; }

    /// <summary>Gets max − min of the true positive rates (Fairlearn <c>true_positive_rate</c> difference between groups).</summary>
    public required FairnessMeasure EqualOpportunityDifference { get; init; }

    /// <summary>Gets the larger of the max − min differences of the true and false positive rates (Fairlearn <c>equalized_odds_difference</c>).</summary>
    public required FairnessMeasure EqualizedOddsDifference { get; init; }

    /// <summary>Gets every other group compared with <see cref="PrivilegedGroup"/> (empty without one).</summary>
    public required IReadOnlyList<PrivilegedComparison> ComparisonsWithPrivileged { get; init; }
}
