using System.Buffers;
using ModelOps.Sdk.Monitoring.Statistics;

namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>
/// The two-sample Kolmogorov–Smirnov test (two-sided) with the p-value of <c>scipy.stats.ks_2samp</c>, on raw values or, as an
/// approximation with a stated error bound, on binned counts.
/// </summary>
/// <remarks>
/// <para>
/// The statistic is D = sup_x |F_ref(x) − F_cur(x)| over both empirical CDFs, found by one merge walk over the sorted samples in
/// exact integer arithmetic (|i·m − j·n| / (n·m)). The p-value is, as SciPy's default <c>method='auto'</c>: the exact null
/// distribution (Hodges 1958, in Viehmann's numerically stable form, arXiv:2102.08037) when the larger sample has at most
/// 10,000 values, and otherwise <c>kstwo.sf(D, round(n·m/(n+m)))</c>, the finite-n Kolmogorov distribution
/// (<see cref="KolmogorovDistribution"/>, Simard and L'Ecuyer 2011).
/// </para>
/// <para>All methods are thread-safe and keep no state. NaN values are refused.</para>
/// </remarks>
public static class KolmogorovSmirnovTest
{
    /// <summary>The largest sample size for which <see cref="KolmogorovSmirnovPValueMethod.Auto"/> uses the exact distribution (SciPy's MAX_AUTO_N).</summary>
    public const int MaxExactSampleSize = 10_000;

    private const string Units = "KS statistic D: largest absolute difference between the empirical CDFs (probability)";

    /// <summary>Runs the test on two samples, which are copied (into pooled buffers) and sorted; the inputs are not modified.</summary>
    /// <param name="reference">The reference values.</param>
    /// <param name="current">The current values.</param>
    /// <param name="alpha">The significance level; drift when the p-value is below it.</param>
    /// <returns>The statistic, p-value and decision.</returns>
    /// <exception cref="InvalidMonitoringInputException">A sample is empty or holds NaN, or <paramref name="alpha"/> is not in (0, 1).</exception>
    public static DriftResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double alpha = DriftDefaults.Alpha)
    {
        BinnedCounts.ValidateAlpha(alpha);
        ValidateNotEmpty(reference, current);
        var referenceBuffer = ArrayPool<double>.Shared.Rent(reference.Length);
        var currentBuffer = ArrayPool<double>.Shared.Rent(current.Length);
        try
        {
            var sortedReference = referenceBuffer.AsSpan(0, reference.Length);
            var sortedCurrent = currentBuffer.AsSpan(0, current.Length);
            reference.CopyTo(sortedReference);
            current.CopyTo(sortedCurrent);
            return ComputeInPlace(sortedReference, sortedCurrent, alpha);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(referenceBuffer);
            ArrayPool<double>.Shared.Return(currentBuffer);
        }
    }

    /// <summary>Runs the test after sorting the caller's spans in place (no copy, no allocation).</summary>
    /// <param name="reference">The reference values; sorted ascending on return.</param>
    /// <param name="current">The current values; sorted ascending on return.</param>
    /// <param name="alpha">The significance level; drift when the p-value is below it.</param>
    /// <returns>The statistic, p-value and decision.</returns>
    /// <exception cref="InvalidMonitoringInputException">A sample is empty or holds NaN, or <paramref name="alpha"/> is not in (0, 1).</exception>
    public static DriftResult ComputeInPlace(Span<double> reference, Span<double> current, double alpha = DriftDefaults.Alpha)
    {
        BinnedCounts.ValidateAlpha(alpha);
        ValidateNotEmpty(reference, current);
        reference.Sort();
        current.Sort();

        // Sorting puts NaN first, so one look per sample finds any.
        if (double.IsNaN(reference[0]))
        {
            throw new InvalidMonitoringInputException(nameof(reference), "it contains NaN");
        }

        if (double.IsNaN(current[0]))
        {
            throw new InvalidMonitoringInputException(nameof(current), "it contains NaN");
        }

        return FromSorted(reference, current, alpha);
    }

    /// <summary>Runs the test on samples the caller has already sorted ascending (checked; no copy, no allocation).</summary>
    /// <param name="sortedReference">The reference values in ascending order.</param>
    /// <param name="sortedCurrent">The current values in ascending order.</param>
    /// <param name="alpha">The significance level; drift when the p-value is below it.</param>
    /// <returns>The statistic, p-value and decision.</returns>
    /// <exception cref="InvalidMonitoringInputException">A sample is empty, unsorted or holds NaN, or <paramref name="alpha"/> is not in (0, 1).</exception>
    public static DriftResult ComputeSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, double alpha = DriftDefaults.Alpha)
    {
        BinnedCounts.ValidateAlpha(alpha);
        ValidateNotEmpty(sortedReference, sortedCurrent);
        ValidateSorted(sortedReference, nameof(sortedReference));
        ValidateSorted(sortedCurrent, nameof(sortedCurrent));
        return FromSorted(sortedReference, sortedCurrent, alpha);
    }

    /// <summary>
    /// Returns the two-sided p-value of a two-sample KS statistic, equal to <c>scipy.stats.ks_2samp(…).pvalue</c> for the given method.
    /// </summary>
    /// <param name="statistic">The statistic D in [0, 1].</param>
    /// <param name="referenceCount">The size of one sample.</param>
    /// <param name="currentCount">The size of the other sample.</param>
    /// <param name="method">Exact, asymptotic, or chosen by sample size as SciPy's default.</param>
    /// <returns>The p-value in [0, 1].</returns>
    /// <exception cref="InvalidMonitoringInputException">A size is below 1 or the statistic is outside [0, 1].</exception>
    /// <remarks>
    /// For the exact distribution the statistic is first rounded to the nearest multiple of 1/lcm(n, m), as SciPy does. Effective
    /// sizes n·m/(n+m) above <see cref="int.MaxValue"/> are evaluated at <see cref="int.MaxValue"/>.
    /// </remarks>
    public static double PValue(double statistic, long referenceCount, long currentCount, KolmogorovSmirnovPValueMethod method = KolmogorovSmirnovPValueMethod.Auto)
    {
        if (referenceCount < 1)
        {
            throw new InvalidMonitoringInputException(nameof(referenceCount), $"must be at least 1, not {referenceCount}");
        }

        if (currentCount < 1)
        {
            throw new InvalidMonitoringInputException(nameof(currentCount), $"must be at least 1, not {currentCount}");
        }

        if (!(statistic >= 0 && statistic <= 1))
        {
            throw new InvalidMonitoringInputException(nameof(statistic), $"a KS statistic lies in [0, 1], not {statistic}");
        }

        if (UseExact(referenceCount, currentCount, method))
        {
            var n = (int)referenceCount;
            var m = (int)currentCount;
            var gcd = Gcd(n, m);
            var lcm = (long)(n / gcd) * m;
            var h = (long)Math.Round(statistic * lcm);
            var exact = TwoSampleKolmogorovSmirnovExact.Survival(n, m, gcd, h);
            if (!double.IsNaN(exact))
            {
                return exact;
            }

            return Asymptotic((double)h / lcm, referenceCount, currentCount);
        }

        return Asymptotic(statistic, referenceCount, currentCount);
    }

    /// <summary>
    /// Approximates the test on two histograms over the same ordered bins (for example a profile's quantile bins, underflow first,
    /// overflow last; leave out missing-value bins, which have no position).
    /// </summary>
    /// <param name="referenceCounts">The reference count of each bin, in ascending value order.</param>
    /// <param name="currentCounts">The current count of each bin, aligned with <paramref name="referenceCounts"/>.</param>
    /// <param name="alpha">The significance level; drift when the p-value is below it.</param>
    /// <returns>
    /// A result with <see cref="DriftResult.IsApproximate"/> set. <see cref="DriftResult.Statistic"/> is D_b, the largest
    /// difference of the two cumulative distributions at the bin boundaries, and the statistic D on the raw values satisfies
    /// D_b ≤ D ≤ D_b + <see cref="DriftResult.ErrorBound"/>.
    /// </returns>
    /// <exception cref="InvalidMonitoringInputException">The counts are empty, of different lengths, negative, or total 0.</exception>
    /// <remarks>
    /// Proof of the bound: let G_i be the difference of the cumulative proportions after bin i (G_{−1} = 0) and r_i, c_i the
    /// reference and current proportions in bin i. G_i is attained by the raw ECDFs at the largest value in bins 0…i, so D ≥ D_b.
    /// For x inside bin i, F_ref(x) − F_cur(x) lies in [G_{i−1} − c_i, G_{i−1} + r_i], so
    /// D ≤ U = max_i max(|G_{i−1} − c_i|, |G_{i−1} + r_i|). The reported bound is U − D_b ≤ max_i max(r_i, c_i), the largest
    /// probability mass of a single bin. The p-value is the exact or asymptotic p-value of D_b at the total counts, and shares the
    /// approximation.
    /// </remarks>
    public static DriftResult ComputeBinned(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double alpha = DriftDefaults.Alpha)
    {
        BinnedCounts.ValidateAlpha(alpha);
        var (n, m) = BinnedCounts.Validate(referenceCounts, currentCounts);
        long cumulativeReference = 0, cumulativeCurrent = 0;
        double boundary = 0, upper = 0, previous = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var r = (double)referenceCounts[i] / n;
            var c = (double)currentCounts[i] / m;
            upper = Math.Max(upper, Math.Max(Math.Abs(previous - c), Math.Abs(previous + r)));
            cumulativeReference += referenceCounts[i];
            cumulativeCurrent += currentCounts[i];

            // Exact in integers, then one division: |R_i·m − C_i·n| / (n·m).
            var difference = Int128.Abs(((Int128)cumulativeReference * m) - ((Int128)cumulativeCurrent * n));
            previous = ((double)cumulativeReference / n) - ((double)cumulativeCurrent / m);
            boundary = Math.Max(boundary, (double)difference / ((double)n * m));
        }

        var pValue = PValue(boundary, n, m);
        return DriftResult.FromPValue(DriftMethod.KolmogorovSmirnov, boundary, pValue, alpha, Units, n, m, referenceCounts.Length) with
        {
            IsApproximate = true,
            ErrorBound = Math.Max(0, upper - boundary),
        };
    }

    private static DriftResult FromSorted(ReadOnlySpan<double> reference, ReadOnlySpan<double> current, double alpha)
    {
        var n = reference.Length;
        var m = current.Length;

        // Merge walk: after consuming every value ≤ v from both samples, F_ref(v) − F_cur(v) = (i·m − j·n) / (n·m).
        long maxDifference = 0;
        int i = 0, j = 0;
        while (i < n && j < m)
        {
            var a = reference[i];
            var b = current[j];
            var v = a <= b ? a : b;
            while (i < n && reference[i] == v)
            {
                i++;
            }

            while (j < m && current[j] == v)
            {
                j++;
            }

            var difference = Math.Abs(((long)i * m) - ((long)j * n));
            if (difference > maxDifference)
            {
                maxDifference = difference;
            }
        }

        // Once one sample is exhausted the difference only shrinks toward 0, so the maximum is already found.
        var gcd = Gcd(n, m);
        var lcm = (long)(n / gcd) * m;
        var h = maxDifference / gcd;
        var statistic = (double)h / lcm;
        double pValue;
        if (UseExact(n, m, KolmogorovSmirnovPValueMethod.Auto))
        {
            pValue = TwoSampleKolmogorovSmirnovExact.Survival(n, m, gcd, h);
            if (double.IsNaN(pValue))
            {
                pValue = Asymptotic(statistic, n, m);
            }
        }
        else
        {
            pValue = Asymptotic(statistic, n, m);
        }

        return DriftResult.FromPValue(DriftMethod.KolmogorovSmirnov, statistic, pValue, alpha, Units, n, m, 0);
    }

    private static bool UseExact(long n, long m, KolmogorovSmirnovPValueMethod method) => method switch
    {
        KolmogorovSmirnovPValueMethod.Exact => n <= int.MaxValue && m <= int.MaxValue && (double)n * m < 4e18,
        KolmogorovSmirnovPValueMethod.Asymptotic => false,
        _ => Math.Max(n, m) <= MaxExactSampleSize,
    };

    // SciPy: en = m·n/(m+n) with m ≥ n, p = kstwo.sf(D, round(en)) (np.round rounds half to even, as Math.Round does).
    private static double Asymptotic(double statistic, long n, long m)
    {
        double large = Math.Max(n, m), small = Math.Min(n, m);
        var effective = Math.Round(large * small / (large + small));
        var size = effective >= int.MaxValue ? int.MaxValue : Math.Max(1, (int)effective);
        return KolmogorovDistribution.SurvivalFunction(statistic, size);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    private static void ValidateNotEmpty(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        if (reference.IsEmpty)
        {
            throw new InvalidMonitoringInputException(nameof(reference), "the sample is empty");
        }

        if (current.IsEmpty)
        {
            throw new InvalidMonitoringInputException(nameof(current), "the sample is empty");
        }
    }

    private static void ValidateSorted(ReadOnlySpan<double> values, string parameter)
    {
        if (double.IsNaN(values[0]))
        {
            throw new InvalidMonitoringInputException(parameter, "it contains NaN");
        }

        for (var k = 1; k < values.Length; k++)
        {
            if (!(values[k] >= values[k - 1]))
            {
                throw new InvalidMonitoringInputException(parameter, $"it is not sorted ascending (or holds NaN) at index {k}");
            }
        }
    }
}
