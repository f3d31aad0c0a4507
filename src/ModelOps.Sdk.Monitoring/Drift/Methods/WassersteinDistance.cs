using System.Buffers;

namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>
/// The Wasserstein-1 (earth mover's) distance between two numeric samples, divided by the reference's population standard
/// deviation (Evidently's <c>wasserstein_distance_norm</c>), on raw values or, as an approximation with a stated bound, on bins.
/// </summary>
/// <remarks>
/// W1 = ∫ |F_ref(x) − F_cur(x)| dx over the empirical CDFs, equal to <c>scipy.stats.wasserstein_distance(ref, cur)</c>, computed
/// by one merge walk over the sorted samples. The normalised value divides by σ_ref = <c>np.std(ref)</c> (ddof = 0), so the
/// default threshold 0.1 means "a tenth of a reference standard deviation". A constant reference (σ_ref = 0) gives 0 when W1 = 0
/// and +∞ otherwise. Thread-safe.
/// </remarks>
public static class WassersteinDistance
{
    private const string Units = "Wasserstein-1 distance in reference standard deviations";

    /// <summary>Computes the normalised Wasserstein-1 distance; the inputs are copied (into pooled buffers), not modified.</summary>
    /// <param name="reference">The reference values.</param>
    /// <param name="current">The current values.</param>
    /// <param name="threshold">The normalised distance at which the distribution has drifted.</param>
    /// <returns>The normalised distance (<see cref="DriftResult.Statistic"/>), W1 in the feature's units (<see cref="DriftResult.UnnormalizedStatistic"/>) and the decision.</returns>
    /// <exception cref="InvalidMonitoringInputException">A sample is empty or holds NaN or infinity, or the threshold is out of range.</exception>
    public static DriftResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double threshold = DriftDefaults.WassersteinThreshold)
    {
        BinnedCounts.ValidateThreshold(threshold);
        var distance = Unnormalized(reference, current);
        var deviation = PopulationStandardDeviation(reference);
        var normalised = Normalise(distance, deviation);
        return DriftResult.FromDistance(DriftMethod.WassersteinDistance, normalised, normalised, threshold, Units, reference.Length, current.Length, 0, 0) with
        {
            UnnormalizedStatistic = distance,
        };
    }

    /// <summary>Returns W1 = ∫ |F_ref − F_cur| dx in the feature's own units (<c>scipy.stats.wasserstein_distance</c>).</summary>
    /// <param name="reference">The reference values.</param>
    /// <param name="current">The current values.</param>
    /// <returns>The distance, at least 0.</returns>
    /// <exception cref="InvalidMonitoringInputException">A sample is empty or holds NaN or infinity.</exception>
    public static double Unnormalized(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        Validate(reference, nameof(reference));
        Validate(current, nameof(current));
        var referenceBuffer = ArrayPool<double>.Shared.Rent(reference.Length);
        var currentBuffer = ArrayPool<double>.Shared.Rent(current.Length);
        try
        {
            var a = referenceBuffer.AsSpan(0, reference.Length);
            var b = currentBuffer.AsSpan(0, current.Length);
            reference.CopyTo(a);
            current.CopyTo(b);
            a.Sort();
            b.Sort();
            return SortedDistance(a, b);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(referenceBuffer);
            ArrayPool<double>.Shared.Return(currentBuffer);
        }
    }

    /// <summary>
    /// Approximates the normalised distance from two histograms over the same finite bins, assuming values spread uniformly
    /// inside each bin.
    /// </summary>
    /// <param name="binEdges">The k + 1 bin edges, finite and non-decreasing (equal neighbours make a point-mass bin); map underflow and overflow to [min, first edge] and [last edge, max].</param>
    /// <param name="referenceCounts">The k reference counts.</param>
    /// <param name="currentCounts">The k current counts, aligned with <paramref name="referenceCounts"/>.</param>
    /// <param name="referenceStandardDeviation">The reference's population standard deviation (from its profile), greater than 0.</param>
    /// <param name="threshold">The normalised distance at which the distribution has drifted.</param>
    /// <returns>
    /// A result with <see cref="DriftResult.IsApproximate"/> set and <see cref="DriftResult.ErrorBound"/> = Σ_i w_i (r_i + c_i) / σ,
    /// where w_i is the width of bin i and r_i, c_i its reference and current proportions.
    /// </returns>
    /// <exception cref="InvalidMonitoringInputException">The edges or counts are malformed, or a parameter is out of range.</exception>
    /// <remarks>
    /// Proof of the bound: inside bin i both the true difference F_ref(x) − F_cur(x) and its interpolation lie in
    /// [G_{i−1} − c_i, G_{i−1} + r_i], where G_{i−1} is the difference of the cumulative proportions before the bin, so their
    /// absolute values differ by at most r_i + c_i at every x; integrating over the bin's width gives w_i (r_i + c_i). Point-mass
    /// bins (repeated values, width 0) contribute no error.
    /// </remarks>
    public static DriftResult ComputeBinned(
        ReadOnlySpan<double> binEdges,
        ReadOnlySpan<long> referenceCounts,
        ReadOnlySpan<long> currentCounts,
        double referenceStandardDeviation,
        double threshold = DriftDefaults.WassersteinThreshold)
    {
        BinnedCounts.ValidateThreshold(threshold);
        var (n, m) = BinnedCounts.Validate(referenceCounts, currentCounts);
        if (binEdges.Length != referenceCounts.Length + 1)
        {
            throw new InvalidMonitoringInputException(nameof(binEdges), $"{referenceCounts.Length} bins need {referenceCounts.Length + 1} edges, not {binEdges.Length}");
        }

        for (var i = 0; i < binEdges.Length; i++)
        {
            if (!double.IsFinite(binEdges[i]) || (i > 0 && binEdges[i] < binEdges[i - 1]))
            {
                throw new InvalidMonitoringInputException(nameof(binEdges), $"edge {i} ({binEdges[i]}) is not finite or is below the edge before it");
            }
        }

        if (!(referenceStandardDeviation > 0) || !double.IsFinite(referenceStandardDeviation))
        {
            throw new InvalidMonitoringInputException(nameof(referenceStandardDeviation), $"must be a finite number greater than 0, not {referenceStandardDeviation}");
        }

        double distance = 0, bound = 0, before = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var width = binEdges[i + 1] - binEdges[i];
            var r = (double)referenceCounts[i] / n;
            var c = (double)currentCounts[i] / m;
            var after = before + r - c;
            distance += width * IntegralOfAbsoluteLinear(before, after);
            bound += width * (r + c);
            before = after;
        }

        var normalised = distance / referenceStandardDeviation;
        return DriftResult.FromDistance(DriftMethod.WassersteinDistance, normalised, normalised, threshold, Units, n, m, referenceCounts.Length, 0) with
        {
            IsApproximate = true,
            ErrorBound = bound / referenceStandardDeviation,
            UnnormalizedStatistic = distance,
        };
    }

    // The mean of |g| over a unit interval on which g goes linearly from g0 to g1.
    private static double IntegralOfAbsoluteLinear(double g0, double g1)
    {
        if ((g0 >= 0 && g1 >= 0) || (g0 <= 0 && g1 <= 0))
        {
            return (Math.Abs(g0) + Math.Abs(g1)) / 2;
        }

        return ((g0 * g0) + (g1 * g1)) / (2 * (Math.Abs(g0) + Math.Abs(g1)));
    }

    private static double SortedDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        // Between consecutive distinct values of the pooled sample the ECDF difference is constant: (i·m − j·n)/(n·m).
        int n = a.Length, m = b.Length, i = 0, j = 0;
        double sum = 0;
        var previous = Math.Min(a[0], b[0]);
        long difference = 0;
        while (i < n || j < m)
        {
            var v = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
            sum += Math.Abs(difference) * (v - previous);
            while (i < n && a[i] == v)
            {
                i++;
            }

            while (j < m && b[j] == v)
            {
                j++;
            }

            difference = ((long)i * m) - ((long)j * n);
            previous = v;
        }

        return sum / ((double)n * m);
    }

    private static double PopulationStandardDeviation(ReadOnlySpan<double> values)
    {
        // Welford's update (Knuth, TAOCP vol. 2, 4.2.2), numerically stable in one pass; ddof = 0 as np.std.
        double mean = 0, squares = 0;
        for (var k = 0; k < values.Length; k++)
        {
            var delta = values[k] - mean;
            mean += delta / (k + 1);
            squares += delta * (values[k] - mean);
        }

        return Math.Sqrt(Math.Max(0, squares / values.Length));
    }

    private static double Normalise(double distance, double deviation) =>
        deviation > 0 ? distance / deviation : (distance == 0 ? 0 : double.PositiveInfinity);

    private static void Validate(ReadOnlySpan<double> values, string parameter)
    {
        if (values.IsEmpty)
        {
            throw new InvalidMonitoringInputException(parameter, "the sample is empty");
        }

        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new InvalidMonitoringInputException(parameter, $"it contains {v}; Wasserstein needs finite values");
            }
        }
    }
}
