namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// How an arm's outcomes are summarised. Every instance recording an experiment must use the same values, or their statistics
/// will not merge.
/// </summary>
public sealed class ArmStatisticsOptions
{
    /// <summary>Gets or sets the score at or above which a binary classifier's answer is the positive label.</summary>
    /// <value>The default value is 0.5.</value>
    public double DecisionThreshold { get; set; } = 0.5;

    /// <summary>Gets or sets the number of equal-width score bins on [0, 1] used for the AUC (see <see cref="BinaryClassificationMetrics"/>).</summary>
    /// <value>The default value is 1000.</value>
    public int ScoreBins { get; set; } = 1000;

    /// <summary>Gets or sets the largest score difference at which a shadow's numeric answer agrees with the champion's.</summary>
    /// <value>The default value is 0 (equal answers only).</value>
    public double AgreementTolerance { get; set; }

    internal ArmStatisticsOptions Validated()
    {
        if (!(DecisionThreshold is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(DecisionThreshold), DecisionThreshold, "The decision threshold must be between 0 and 1.");
        }

        if (ScoreBins is < 2 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(nameof(ScoreBins), ScoreBins, "Score bins must be between 2 and 100000.");
        }

        if (!(AgreementTolerance >= 0) || double.IsInfinity(AgreementTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(AgreementTolerance), AgreementTolerance, "The agreement tolerance must be a finite number of at least 0.");
        }

        return this;
    }
}
