using System.Text.Json.Serialization;

namespace ModelOps.Sdk.Telemetry;

/// <summary>
/// Scoring latencies counted in fixed buckets (<see cref="BucketUpperBoundsSeconds"/>): the same bounds on every instance and in
/// every period, so histograms add exactly (<see cref="Merge"/>) and the quantiles of a merged histogram are those of one
/// histogram that counted every latency.
/// </summary>
/// <remarks>
/// Bucket <c>i</c> counts latencies in <c>(bound[i - 1], bound[i]]</c> seconds (bucket 0 from zero); the last bucket counts those
/// above the last bound (10 s). The bounds follow the 1-2.5-5 series from 1 µs to 10 s. Quantiles are estimated from the buckets
/// (<see cref="EstimateQuantile"/>): they are exact to within one bucket's width, not the latency of any one call.
/// </remarks>
[JsonConverter(typeof(ScorerLatencyHistogramJsonConverter))]
public sealed record ScorerLatencyHistogram
{
    private static readonly double[] Bounds = CreateBounds();

    /// <summary>Initializes a new instance of the <see cref="ScorerLatencyHistogram"/> class.</summary>
    /// <param name="counts">The count of each bucket: one more than <see cref="BucketUpperBoundsSeconds"/>, none negative.</param>
    /// <exception cref="ArgumentException"><paramref name="counts"/> has the wrong length or a negative count.</exception>
    [JsonConstructor]
    public ScorerLatencyHistogram(IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count != Bounds.Length + 1)
        {
            throw new ArgumentException(WrongBucketCount(counts.Count), nameof(counts));
        }

        long total = 0;
        foreach (var count in counts)
        {
            if (count < 0)
            {
                throw new ArgumentException(NegativeCount(count), nameof(counts));
            }

            total += count;
        }

        Counts = [.. counts];
        Count = total;
    }

    /// <summary>A histogram over <paramref name="counts"/>, already checked (one per bucket, none negative), which it keeps.</summary>
    private ScorerLatencyHistogram(long[] counts, long total)
    {
        Counts = Array.AsReadOnly(counts);
        Count = total;
    }

    /// <summary>The number of buckets: one per upper bound, and one above the last.</summary>
    internal static int BucketCount => Bounds.Length + 1;

    /// <summary>A histogram that keeps <paramref name="counts"/>, checked by the caller: <see cref="BucketCount"/> counts, none negative.</summary>
    internal static ScorerLatencyHistogram OfCheckedCounts(long[] counts, long total) => new(counts, total);

    /// <summary>Why <paramref name="given"/> counts, not one per bucket, are refused.</summary>
    internal static string WrongBucketCount(int given) => $"A latency histogram has {BucketCount} buckets; {given} counts were given.";

    /// <summary>Why a negative bucket count is refused.</summary>
    internal static string NegativeCount(long count) => $"A latency bucket's count cannot be negative ({count}).";

    /// <summary>Gets the upper bound of each bucket but the last, in seconds, increasing: 1 µs, 2.5 µs, 5 µs, 10 µs, ... 10 s.</summary>
    public static IReadOnlyList<double> BucketUpperBoundsSeconds => Bounds;

    /// <summary>Gets a histogram with no latency counted.</summary>
    public static ScorerLatencyHistogram Empty { get; } = new(new long[Bounds.Length + 1]);

    /// <summary>Gets the count of each bucket (one more than <see cref="BucketUpperBoundsSeconds"/>).</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>Gets how many latencies were counted.</summary>
    [JsonIgnore]
    public long Count { get; }

    /// <summary>Gets the bucket a latency counts in.</summary>
    /// <param name="seconds">The latency in seconds; negative and NaN count in the first bucket.</param>
    /// <returns>The bucket's index, from 0 to <see cref="BucketUpperBoundsSeconds"/>' count.</returns>
    public static int BucketOf(double seconds)
    {
        if (!(seconds > Bounds[0]))
        {
            return 0;
        }

        var index = Array.BinarySearch(Bounds, seconds);
        return index >= 0 ? index : ~index;
    }

    /// <summary>Counts latencies into a histogram.</summary>
    /// <param name="latencies">The latencies.</param>
    /// <returns>The histogram.</returns>
    public static ScorerLatencyHistogram FromLatencies(IEnumerable<TimeSpan> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        var counts = new long[Bounds.Length + 1];
        foreach (var latency in latencies)
        {
            counts[BucketOf(latency.TotalSeconds)]++;
        }

        return new ScorerLatencyHistogram(counts);
    }

    /// <summary>Adds two histograms bucket by bucket.</summary>
    /// <param name="a">The first histogram.</param>
    /// <param name="b">The second histogram.</param>
    /// <returns>The histogram of every latency either counted.</returns>
    public static ScorerLatencyHistogram Merge(ScorerLatencyHistogram a, ScorerLatencyHistogram b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var counts = new long[Bounds.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = checked(a.Counts[i] + b.Counts[i]);
        }

        return new ScorerLatencyHistogram(counts);
    }

    /// <summary>
    /// Estimates a quantile of the counted latencies from the buckets: the rank's bucket, interpolated linearly between its bounds
    /// (the Prometheus <c>histogram_quantile</c> estimate). A quantile in the last, unbounded bucket is reported as its lower bound (10 s).
    /// </summary>
    /// <param name="quantile">The quantile, in [0, 1] (0.5 for the median, 0.95, 0.99).</param>
    /// <returns>The estimate, or <see langword="null"/> when nothing was counted.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is not in [0, 1].</exception>
    public TimeSpan? EstimateQuantile(double quantile)
    {
        if (!(quantile >= 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "A quantile lies in [0, 1].");
        }

        if (Count == 0)
        {
            return null;
        }

        var rank = quantile * Count;
        long below = 0;
        for (var i = 0; i < Counts.Count; i++)
        {
            var count = Counts[i];
            if (count > 0 && below + count >= rank)
            {
                if (i == Bounds.Length)
                {
                    return TimeSpan.FromSeconds(Bounds[^1]);
                }

                var lower = i == 0 ? 0 : Bounds[i - 1];
                var upper = Bounds[i];
                return TimeSpan.FromSeconds(lower + ((upper - lower) * Math.Clamp((rank - below) / count, 0, 1)));
            }

            below += count;
        }

        return TimeSpan.FromSeconds(Bounds[^1]);
    }

    /// <summary>Gets whether another histogram has the same counts.</summary>
    /// <param name="other">The other histogram.</param>
    /// <returns><see langword="true"/> when every bucket's count is equal.</returns>
    public bool Equals(ScorerLatencyHistogram? other) => other is not null && Counts.SequenceEqual(other.Counts);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var count in Counts)
        {
            hash.Add(count);
        }

        return hash.ToHashCode();
    }

    private static double[] CreateBounds()
    {
        var bounds = new List<double>();
        for (var exponent = -6; exponent < 1; exponent++)
        {
            var decade = Math.Pow(10, exponent);
            bounds.Add(decade);
            bounds.Add(2.5 * decade);
            bounds.Add(5 * decade);
        }

        bounds.Add(10);
        return [.. bounds];
    }
}
