namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>The Jensen–Shannon distance, in base 2 so it lies in [0, 1], between two histograms over the same bins or categories.</summary>
/// <remarks>
/// JS(r, c) = √(½ KL(r ‖ m) + ½ KL(c ‖ m)) with m = (r + c)/2 and logarithms in base 2, as
/// <c>scipy.spatial.distance.jensenshannon(r, c, base=2)</c>. Symmetric, 0 for identical proportions, 1 for disjoint supports.
/// Evidently computes it in natural-log units (range [0, √ln 2]); the default threshold
/// <see cref="DriftDefaults.JensenShannonThreshold"/> converts Evidently's 0.1 so the decision is the same. The statistic is
/// computed on the symmetrically smoothed proportions (as every binned method here), the unsmoothed value is reported too.
/// Thread-safe.
/// </remarks>
public static class JensenShannonDistance
{
    private const string Units = "Jensen-Shannon distance (base 2, in [0, 1])";

    /// <summary>Computes the base-2 Jensen–Shannon distance between the reference and current counts.</summary>
    /// <param name="referenceCounts">The reference count of each bin or category.</param>
    /// <param name="currentCounts">The current count of each bin or category, aligned with <paramref name="referenceCounts"/>.</param>
    /// <param name="threshold">The distance at which the distribution has drifted; <see langword="null"/> for <see cref="DriftDefaults.JensenShannonThreshold"/>.</param>
    /// <param name="smoothing">The probability ε added to every bin of both sides before renormalising.</param>
    /// <returns>The smoothed and unsmoothed distance and the decision (drift when distance ≥ threshold).</returns>
    /// <exception cref="InvalidMonitoringInputException">The counts are empty, of different lengths, negative, or total 0, or a parameter is out of range.</exception>
    public static DriftResult Compute(
        ReadOnlySpan<long> referenceCounts,
        ReadOnlySpan<long> currentCounts,
        double? threshold = null,
        double smoothing = DriftDefaults.Smoothing)
    {
        var limit = threshold ?? DriftDefaults.JensenShannonThreshold;
        BinnedCounts.ValidateThreshold(limit);
        BinnedCounts.ValidateSmoothing(smoothing);
        var (n, m) = BinnedCounts.Validate(referenceCounts, currentCounts);
        var bins = referenceCounts.Length;
        double smoothed = 0, raw = 0;
        for (var i = 0; i < bins; i++)
        {
            smoothed += Term(BinnedCounts.Smoothed(referenceCounts[i], n, bins, smoothing), BinnedCounts.Smoothed(currentCounts[i], m, bins, smoothing));
            raw += Term((double)referenceCounts[i] / n, (double)currentCounts[i] / m);
        }

        var distance = Distance(smoothed);
        return DriftResult.FromDistance(DriftMethod.JensenShannonDistance, distance, Distance(raw), limit, Units, n, m, bins, smoothing);
    }

    // ½ r log2(r/m) + ½ c log2(c/m) for one bin, with 0·log 0 = 0.
    private static double Term(double r, double c)
    {
        var mid = (r + c) / 2;
        var sum = 0.0;
        if (r > 0)
        {
            sum += r * Math.Log2(r / mid);
        }

        if (c > 0)
        {
            sum += c * Math.Log2(c / mid);
        }

        return sum / 2;
    }

    private static double Distance(double divergence) => Math.Sqrt(Math.Clamp(divergence, 0, 1));
}
