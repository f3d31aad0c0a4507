namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>The population stability index (PSI) between two histograms over the same bins or categories.</summary>
/// <remarks>
/// PSI = Σ_i (r_i − c_i) · ln(r_i / c_i) over the proportions r (reference) and c (current), as in Evidently's
/// <c>psi_stat_test</c> (natural logarithm; ≥ 0, and 0 only for identical proportions). Empty bins are smoothed identically on
/// both sides, p_i = (count_i/N + ε)/(1 + kε), instead of Evidently's replacement of zeros by 0.0001 on each side separately
/// (evidentlyai/evidently#334). The unsmoothed value is reported too and is +∞ when a bin is empty on one side only.
/// Thread-safe.
/// </remarks>
public static class PopulationStabilityIndex
{
    private const string Units = "PSI (natural log, dimensionless)";

    /// <summary>Computes the PSI of the current counts against the reference counts.</summary>
    /// <param name="referenceCounts">The reference count of each bin or category.</param>
    /// <param name="currentCounts">The current count of each bin or category, aligned with <paramref name="referenceCounts"/>.</param>
    /// <param name="threshold">The PSI at which the distribution has drifted.</param>
    /// <param name="smoothing">The probability ε added to every bin of both sides before renormalising.</param>
    /// <returns>The smoothed and unsmoothed PSI and the decision (drift when PSI ≥ threshold).</returns>
    /// <exception cref="InvalidMonitoringInputException">The counts are empty, of different lengths, negative, or total 0, or a parameter is out of range.</exception>
    public static DriftResult Compute(
        ReadOnlySpan<long> referenceCounts,
        ReadOnlySpan<long> currentCounts,
        double threshold = DriftDefaults.PopulationStabilityIndexThreshold,
        double smoothing = DriftDefaults.Smoothing)
    {
        BinnedCounts.ValidateThreshold(threshold);
        BinnedCounts.ValidateSmoothing(smoothing);
        var (n, m) = BinnedCounts.Validate(referenceCounts, currentCounts);
        var bins = referenceCounts.Length;
        double smoothed = 0, raw = 0;
        for (var i = 0; i < bins; i++)
        {
            var r = BinnedCounts.Smoothed(referenceCounts[i], n, bins, smoothing);
            var c = BinnedCounts.Smoothed(currentCounts[i], m, bins, smoothing);
            smoothed += Term(r, c);

            var rr = (double)referenceCounts[i] / n;
            var cc = (double)currentCounts[i] / m;
            raw += rr == 0 && cc == 0 ? 0 : (rr == 0 || cc == 0 ? double.PositiveInfinity : Term(rr, cc));
        }

        // Each term (r − c)·ln(r/c) is ≥ 0; the sum is clamped against round-off of nearly equal proportions.
        smoothed = Math.Max(0, smoothed);
        return DriftResult.FromDistance(DriftMethod.PopulationStabilityIndex, smoothed, raw, threshold, Units, n, m, bins, smoothing);
    }

    private static double Term(double r, double c) => r == c ? 0 : (r - c) * Math.Log(r / c);
}
