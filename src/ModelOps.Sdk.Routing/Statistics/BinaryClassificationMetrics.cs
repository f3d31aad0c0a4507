using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// Mergeable quality of a binary classifier: the confusion matrix at the decision threshold, and score histograms per actual class
/// from which the AUC is computed.
/// </summary>
/// <remarks>
/// <para>Accuracy, precision and recall follow scikit-learn's <c>accuracy_score</c>, <c>precision_score</c> and
/// <c>recall_score</c> on the labels "score ≥ threshold"; they are exact. Where the denominator is zero they are NaN.</para>
/// <para>The AUC is the Mann–Whitney statistic on the score histograms: the probability that a random positive scores higher than
/// a random negative, pairs in the same bin counted one half. It equals scikit-learn's <c>roc_auc_score</c> on the scores rounded
/// down to their bin. Its distance from the exact AUC is at most <see cref="AucErrorBound"/> = ½·Σ_b pos_b·neg_b / (P·N)
/// (only pairs sharing a bin can be ordered differently), which is computed from the data and reported with it; with 1,000 bins
/// and scores spread over [0, 1] it is typically well under 0.001.</para>
/// </remarks>
public sealed class BinaryClassificationMetrics
{
    /// <summary>Initializes a new instance of the <see cref="BinaryClassificationMetrics"/> class.</summary>
    /// <param name="truePositives">Outcomes with actual positive and score at or above the threshold.</param>
    /// <param name="falsePositives">Outcomes with actual negative and score at or above the threshold.</param>
    /// <param name="trueNegatives">Outcomes with actual negative and score below the threshold.</param>
    /// <param name="falseNegatives">Outcomes with actual positive and score below the threshold.</param>
    /// <param name="scoreBins">The number of equal-width score bins on [0, 1].</param>
    /// <param name="positiveScores">Count of actual positives per score bin index.</param>
    /// <param name="negativeScores">Count of actual negatives per score bin index.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, a bin index is outside the layout, or the histograms do not add up to the confusion matrix.</exception>
    [JsonConstructor]
    public BinaryClassificationMetrics(
        long truePositives,
        long falsePositives,
        long trueNegatives,
        long falseNegatives,
        int scoreBins,
        IReadOnlyDictionary<int, long> positiveScores,
        IReadOnlyDictionary<int, long> negativeScores)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(truePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(falsePositives);
        ArgumentOutOfRangeException.ThrowIfNegative(trueNegatives);
        ArgumentOutOfRangeException.ThrowIfNegative(falseNegatives);
        ArgumentOutOfRangeException.ThrowIfLessThan(scoreBins, 2);
        ArgumentNullException.ThrowIfNull(positiveScores);
        ArgumentNullException.ThrowIfNull(negativeScores);
        TruePositives = truePositives;
        FalsePositives = falsePositives;
        TrueNegatives = trueNegatives;
        FalseNegatives = falseNegatives;
        ScoreBins = scoreBins;
        PositiveScores = Validate(positiveScores, scoreBins, truePositives + falseNegatives, nameof(positiveScores));
        NegativeScores = Validate(negativeScores, scoreBins, trueNegatives + falsePositives, nameof(negativeScores));
    }

    /// <summary>Gets the outcomes with actual positive and score at or above the threshold.</summary>
    public long TruePositives { get; }

    /// <summary>Gets the outcomes with actual negative and score at or above the threshold.</summary>
    public long FalsePositives { get; }

    /// <summary>Gets the outcomes with actual negative and score below the threshold.</summary>
    public long TrueNegatives { get; }

    /// <summary>Gets the outcomes with actual positive and score below the threshold.</summary>
    public long FalseNegatives { get; }

    /// <summary>Gets the number of equal-width score bins on [0, 1] (bin b holds scores in [b/B, (b+1)/B), the last one also 1).</summary>
    public int ScoreBins { get; }

    /// <summary>Gets the count of actual positives per non-empty score bin.</summary>
    public IReadOnlyDictionary<int, long> PositiveScores { get; }

    /// <summary>Gets the count of actual negatives per non-empty score bin.</summary>
    public IReadOnlyDictionary<int, long> NegativeScores { get; }

    /// <summary>Gets the number of outcomes.</summary>
    [JsonIgnore]
    public long Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>Gets the share of outcomes classified correctly, or NaN with none.</summary>
    [JsonIgnore]
    public double Accuracy => Ratio(TruePositives + TrueNegatives, Count);

    /// <summary>Gets TP / (TP + FP), or NaN when nothing was classified positive.</summary>
    [JsonIgnore]
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>Gets TP / (TP + FN), or NaN when there was no actual positive.</summary>
    [JsonIgnore]
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>Gets the area under the ROC curve from the score histograms (see remarks), or NaN without both classes.</summary>
    [JsonIgnore]
    public double Auc => ComputeAuc().Auc;

    /// <summary>Gets the largest possible distance of <see cref="Auc"/> from the AUC of the unbinned scores, or NaN without both classes.</summary>
    [JsonIgnore]
    public double AucErrorBound => ComputeAuc().Bound;

    /// <summary>Gets empty metrics with the given number of score bins.</summary>
    /// <param name="scoreBins">The number of score bins.</param>
    /// <returns>The metrics of no outcome.</returns>
    public static BinaryClassificationMetrics Empty(int scoreBins) =>
        new(0, 0, 0, 0, scoreBins, new Dictionary<int, long>(), new Dictionary<int, long>());

    /// <summary>Combines the metrics of two disjoint sets of outcomes.</summary>
    /// <param name="a">The first metrics.</param>
    /// <param name="b">The second metrics.</param>
    /// <returns>The metrics of all outcomes of both.</returns>
    /// <exception cref="ExperimentStatisticsMismatchException">The two use different numbers of score bins.</exception>
    public static BinaryClassificationMetrics Merge(BinaryClassificationMetrics a, BinaryClassificationMetrics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.ScoreBins != b.ScoreBins)
        {
            throw new ExperimentStatisticsMismatchException("binary classification metrics", nameof(ScoreBins), $"{a.ScoreBins} bins cannot merge with {b.ScoreBins}");
        }

        return new BinaryClassificationMetrics(
            a.TruePositives + b.TruePositives,
            a.FalsePositives + b.FalsePositives,
            a.TrueNegatives + b.TrueNegatives,
            a.FalseNegatives + b.FalseNegatives,
            a.ScoreBins,
            SparseCounts.Add(a.PositiveScores, b.PositiveScores),
            SparseCounts.Add(a.NegativeScores, b.NegativeScores));
    }

    internal static int BinOf(double score, int scoreBins) => Math.Min((int)(score * scoreBins), scoreBins - 1);

    private (double Auc, double Bound) ComputeAuc()
    {
        var positives = (double)(TruePositives + FalseNegatives);
        var negatives = (double)(TrueNegatives + FalsePositives);
        if (positives == 0 || negatives == 0)
        {
            return (double.NaN, double.NaN);
        }

        // Mann-Whitney U / (P N): each positive beats the negatives in lower bins and ties (counts half) with its own bin.
        double wins = 0, ties = 0, negativesBelow = 0;
        foreach (var bin in PositiveScores.Keys.Union(NegativeScores.Keys).Order())
        {
            double pos = PositiveScores.GetValueOrDefault(bin);
            double neg = NegativeScores.GetValueOrDefault(bin);
            wins += pos * negativesBelow;
            ties += pos * neg;
            negativesBelow += neg;
        }

        var pairs = positives * negatives;
        return ((wins + (0.5 * ties)) / pairs, 0.5 * ties / pairs);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;

    private static FrozenDictionary<int, long> Validate(IReadOnlyDictionary<int, long> bins, int scoreBins, long expectedTotal, string name)
    {
        long total = 0;
        foreach (var (index, count) in bins)
        {
            if (index < 0 || index >= scoreBins || count < 0)
            {
                throw new ArgumentOutOfRangeException(name, $"Score bin {index} with count {count} is outside 0..{scoreBins - 1} or negative.");
            }

            total += count;
        }

        if (total != expectedTotal)
        {
            throw new ArgumentOutOfRangeException(name, total, $"The score histogram holds {total} outcomes but the confusion matrix {expectedTotal}.");
        }

        return bins.Where(static kv => kv.Value > 0).ToFrozenDictionary();
    }
}
