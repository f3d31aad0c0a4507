namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>The rates of one group; a rate is <see langword="null"/> when its denominator is below the minimum group size.</summary>
public sealed record GroupFairness
{
    /// <summary>Gets the group.</summary>
    public required FairnessGroup Group { get; init; }

    /// <summary>Gets the group's counts.</summary>
    public required GroupOutcome Counts { get; init; }

    /// <summary>Gets Selected / Count, or <see langword="null"/> when Count is below the minimum group size.</summary>
    public double? SelectionRate { get; init; }

    /// <summary>Gets TruePositives / ActualPositives (recall), or <see langword="null"/> when too few labelled positives.</summary>
    public double? TruePositiveRate { get; init; }

    /// <summary>Gets FalsePositives / ActualNegatives, or <see langword="null"/> when too few labelled negatives.</summary>
    public double? FalsePositiveRate { get; init; }
}
