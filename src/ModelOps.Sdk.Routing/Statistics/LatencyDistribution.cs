using System.Collections.Frozen;
using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// A mergeable latency distribution: counts in fixed logarithmic bins, from which p50, p95, p99 or any quantile is read within a
/// relative error of 1%.
/// </summary>
/// <remarks>
/// <para>This is the DDSketch of Masson, Rim and Lee (PVLDB 12(12), 2019) with relative accuracy α = 0.01 and a fixed range of
/// 1 µs to 10^10 µs. A quantile q is answered with the representative value of the bin holding the observation of rank
/// ⌊q·(n − 1)⌋ (0-based, the "lower" quantile), which is within 1% of that observation; latencies below 1 µs read as about
/// 1 µs, and above 10^10 µs as 10^10 µs.</para>
/// <para>Because every instance uses the same bins, <see cref="Merge"/> adds counts: merging the distributions of two sets of
/// calls gives exactly the distribution of all of them. The value is immutable and serializes to JSON as its non-empty bins.</para>
/// </remarks>
public sealed class LatencyDistribution
{
    /// <summary>The relative error bound of every quantile read from the distribution (1%).</summary>
    public const double RelativeAccuracy = LogScaleBins.RelativeAccuracy;

    /// <summary>Initializes a new instance of the <see cref="LatencyDistribution"/> class from its bins.</summary>
    /// <param name="bins">Count of latencies per bin index (0 to the last bin); empty bins may be left out.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bin index is outside the layout, or a count is negative.</exception>
    [JsonConstructor]
    public LatencyDistribution(IReadOnlyDictionary<int, long> bins)
    {
        ArgumentNullException.ThrowIfNull(bins);
        long count = 0;
        var kept = new Dictionary<int, long>(bins.Count);
        foreach (var (index, binCount) in bins)
        {
            if (index < 0 || index > LogScaleBins.MaxIndex)
            {
                throw new ArgumentOutOfRangeException(nameof(bins), index, $"Latency bin index {index} is outside 0..{LogScaleBins.MaxIndex}.");
            }

            if (binCount < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(bins), binCount, $"Latency bin {index} has a negative count {binCount}.");
            }

            if (binCount > 0)
            {
                kept[index] = binCount;
                count += binCount;
            }
        }

        Bins = kept.ToFrozenDictionary();
        Count = count;
    }

    /// <summary>Gets an empty distribution.</summary>
    public static LatencyDistribution Empty { get; } = new(new Dictionary<int, long>());

    /// <summary>Gets the count of latencies per non-empty bin index.</summary>
    public IReadOnlyDictionary<int, long> Bins { get; }

    /// <summary>Gets the number of latencies recorded.</summary>
    [JsonIgnore]
    public long Count { get; }

    /// <summary>Gets the median latency, or <see cref="TimeSpan.Zero"/> when nothing was recorded.</summary>
    [JsonIgnore]
    public TimeSpan P50 => Quantile(0.50);

    /// <summary>Gets the 95th percentile latency, or <see cref="TimeSpan.Zero"/> when nothing was recorded.</summary>
    [JsonIgnore]
    public TimeSpan P95 => Quantile(0.95);

    /// <summary>Gets the 99th percentile latency, or <see cref="TimeSpan.Zero"/> when nothing was recorded.</summary>
    [JsonIgnore]
    public TimeSpan P99 => Quantile(0.99);

    /// <summary>Reads a quantile, within 1% of the latency of rank ⌊q·(n − 1)⌋ among those recorded.</summary>
    /// <param name="quantile">The quantile, from 0 to 1.</param>
    /// <returns>The latency, or <see cref="TimeSpan.Zero"/> when nothing was recorded.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside [0, 1].</exception>
    public TimeSpan Quantile(double quantile)
    {
        if (!(quantile is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile must be between 0 and 1.");
        }

        if (Count == 0)
        {
            return TimeSpan.Zero;
        }

        // DDSketch, Algorithm 2: the first bin whose cumulative count exceeds the rank q(n - 1).
        var rank = (long)Math.Floor(quantile * (Count - 1));
        long cumulative = 0;
        foreach (var index in Bins.Keys.Order())
        {
            cumulative += Bins[index];
            if (cumulative > rank)
            {
                return LogScaleBins.ValueOf(index);
            }
        }

        return LogScaleBins.ValueOf(LogScaleBins.MaxIndex);
    }

    /// <summary>Combines two distributions into the distribution of all their latencies.</summary>
    /// <param name="a">The first distribution.</param>
    /// <param name="b">The second distribution.</param>
    /// <returns>The merged distribution.</returns>
    public static LatencyDistribution Merge(LatencyDistribution a, LatencyDistribution b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new LatencyDistribution(SparseCounts.Add(a.Bins, b.Bins));
    }
}
