namespace ModelOps.Sdk.Monitoring.Fairness;

/// <summary>Options of <see cref="FairnessMetrics.Compute"/>.</summary>
public sealed class FairnessOptions
{
    /// <summary>
    /// Gets or sets the privileged (reference) group for the signed AIF360-style comparisons, or <see langword="null"/> to report only
    /// the max-minus-min measures. The default value is <see langword="null"/>.
    /// </summary>
    public FairnessGroup? PrivilegedGroup { get; set; }

    /// <summary>
    /// Gets or sets the fewest rows a rate's denominator needs (decisions for the selection rate, labelled positives for the true
    /// positive rate, labelled negatives for the false positive rate); below it the rate is marked insufficient rather than
    /// reported. The default value is 30.
    /// </summary>
    public int MinimumGroupSize { get; set; } = 30;

    /// <summary>Gets or sets the disparate-impact ratio below which a group fails the four-fifths rule. The default value is 0.8.</summary>
    public double DisparateImpactThreshold { get; set; } = 0.8;
}
