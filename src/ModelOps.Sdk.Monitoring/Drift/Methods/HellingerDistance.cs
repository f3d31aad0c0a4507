namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>The Hellinger distance, in [0, 1], between two histograms over the same bins or categories.</summary>
/// <remarks>
/// H(r, c) = √(½ Σ_i (√r_i − √c_i)²), as Evidently's <c>hellinger_stat_test</c>; 0 for identical proportions, 1 for disjoint
/// supports. Computed in this sum-of-squares form rather than √(1 − Σ √(r_i c_i)), which cancels badly for close
/// distributions. Smoothed symmetrically like every binned method here; the unsmoothed value is reported too. Thread-safe.
/// </remarks>
public static class HellingerDistance
{
    private const string Units = "Hellinger distance (in [0, 1])";

    /// <summary>Computes the Hellinger distance between the reference and current counts.</summary>
    /// <param name="referenceCounts">The reference count of each bin or category.</param>
    /// <param name="currentCounts">The current count of each bin or category, aligned with <paramref name="referenceCounts"/>.</param>
    /// <param name="threshold">The distance at which the distribution has drifted.</param>
    /// <param name="smoothing">The probability ε added to every bin of both sides before renormalising.</param>
    /// <returns>The smoothed and unsmoothed distance and the decision (drift when distance ≥ threshold).</returns>
    /// <exception cref="InvalidMonitoringInputException">The counts are empty, of different lengths, negative, or total 0, or a parameter is out of range.</exception>
    public static DriftResult Compute(
        ReadOnlySpan<long> referenceCounts,
        ReadOnlySpan<long> currentCounts,
        double threshold = DriftDefaults.HellingerThreshold,
        double smoothing = DriftDefaults.Smoothing)
    {
        BinnedCounts.ValidateThreshold(threshold);
        BinnedCounts.ValidateSmoothing(smoothing);
        var (n, m) = BinnedCounts.Validate(referenceCounts, currentCounts);
        var bins = referenceCounts.Length;
        double smoothed = 0, raw = 0;
        for (var i = 0; i < bins; i++)
        {
            var d = Math.Sqrt(BinnedCounts.Smoothed(referenceCounts[i], n, bins, smoothing)) - Math.Sqrt(BinnedCounts.Smoothed(currentCounts[i], m, bins, smoothing));
            smoothed += d * d;
            var e = Math.Sqrt((double)referenceCounts[i] / n) - Math.Sqrt((double)currentCounts[i] / m);
            raw += e * e;
        }

        var distance = Math.Sqrt(Math.Min(1, smoothed / 2));
        return DriftResult.FromDistance(DriftMethod.HellingerDistance, distance, Math.Sqrt(Math.Min(1, raw / 2)), threshold, Units, n, m, bins, smoothing);
    }
}
