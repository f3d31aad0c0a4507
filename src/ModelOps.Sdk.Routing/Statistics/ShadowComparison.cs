using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// How a shadow's answers compare with the champion's on the same inputs (paired): the agreement rate and the moments of the
/// score difference (shadow − champion). Mergeable.
/// </summary>
/// <remarks>
/// For binary classification two answers agree when both scores fall on the same side of the decision threshold; for regression
/// and rewards when they differ by at most <see cref="ArmStatisticsOptions.AgreementTolerance"/>. The paired difference removes the
/// variation between inputs, so a mean difference is detected with far fewer samples than comparing two independent means.
/// </remarks>
/// <param name="Agreements">Pairs whose answers agree.</param>
/// <param name="ScoreDifference">Moments of the shadow's score minus the champion's, per pair.</param>
public sealed record ShadowComparison(long Agreements, RunningMoments ScoreDifference)
{
    /// <summary>Gets an empty comparison.</summary>
    public static ShadowComparison Empty { get; } = new(0, default(RunningMoments));

    /// <summary>Gets the number of compared pairs.</summary>
    [JsonIgnore]
    public long Pairs => ScoreDifference.Count;

    /// <summary>Gets the share of pairs that agree, or NaN with none.</summary>
    [JsonIgnore]
    public double AgreementRate => Pairs == 0 ? double.NaN : (double)Agreements / Pairs;

    /// <summary>Combines two comparisons of disjoint pairs.</summary>
    /// <param name="a">The first comparison.</param>
    /// <param name="b">The second comparison.</param>
    /// <returns>The comparison of all pairs of both.</returns>
    public static ShadowComparison Merge(ShadowComparison a, ShadowComparison b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new ShadowComparison(a.Agreements + b.Agreements, RunningMoments.Merge(a.ScoreDifference, b.ScoreDifference));
    }
}
