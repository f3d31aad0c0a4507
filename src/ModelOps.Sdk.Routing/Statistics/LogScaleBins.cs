namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// The fixed logarithmic bin layout of <see cref="LatencyDistribution"/>: the DDSketch mapping of Masson, Rim and Lee ("DDSketch:
/// a fast and fully-mergeable quantile sketch with relative-error guarantees", PVLDB 12(12), 2019) with a fixed range instead of
/// collapsing, so every instance uses the same bins and merging is adding counts.
/// </summary>
/// <remarks>
/// Bin i holds latencies in (γ^(i−1), γ^i] microseconds with γ = (1 + α)/(1 − α); its representative value 2γ^i/(γ + 1) is within a
/// relative error α of every value in the bin (DDSketch, Proposition 1). Latencies at or below 1 µs fall in bin 0, and latencies
/// above 10^10 µs (about 2.8 hours) in the last bin, where the bound does not hold.
/// </remarks>
internal static class LogScaleBins
{
    public const double RelativeAccuracy = 0.01;
    public const double MaxMicroseconds = 1e10;

    public static readonly double Gamma = (1 + RelativeAccuracy) / (1 - RelativeAccuracy);
    public static readonly double LogGamma = Math.Log(Gamma);
    public static readonly int MaxIndex = (int)Math.Ceiling(Math.Log(MaxMicroseconds) / LogGamma);

    public static int IndexOf(TimeSpan latency)
    {
        var micros = latency.Ticks / (double)TimeSpan.TicksPerMicrosecond;
        if (micros <= 1)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(Math.Log(micros) / LogGamma);
        return Math.Min(index, MaxIndex);
    }

    public static TimeSpan ValueOf(int index)
    {
        var micros = 2 * Math.Pow(Gamma, index) / (Gamma + 1);
        return TimeSpan.FromTicks((long)Math.Round(micros * TimeSpan.TicksPerMicrosecond));
    }
}
