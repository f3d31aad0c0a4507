namespace ModelOps.Sdk.Monitoring.Statistics;

/// <summary>The exact null distribution of the two-sample Kolmogorov–Smirnov statistic (two-sided).</summary>
internal static class TwoSampleKolmogorovSmirnovExact
{
    /// <summary>
    /// P(D_{n,m} ≥ h / lcm(n, m)) under the null hypothesis, or NaN when the computation is not numerically reliable
    /// (SciPy then falls back to the asymptotic distribution, and so do we).
    /// </summary>
    /// <param name="n">The first sample size.</param>
    /// <param name="m">The second sample size.</param>
    /// <param name="gcd">gcd(n, m).</param>
    /// <param name="h">The statistic times lcm(n, m), an integer.</param>
    public static double Survival(int n, int m, int gcd, long h)
    {
        if (h == 0)
        {
            return 1.0;
        }

        var probability = n == m ? OutsideSquare(n, h) : OuterProbabilityInside(n, m, gcd, h);
        return probability is >= 0 and <= 1 && double.IsFinite(probability) ? probability : double.NaN;
    }

    // n = m: P(D ≥ h/n) = 2 Σ_{k≥1} (−1)^{k−1} C(2n, n − kh) / C(2n, n) (Gnedenko and Korolyuk 1951), evaluated as SciPy's
    // _compute_prob_outside_square does: each ratio of binomials as a product of h factors, nested Horner-like to avoid
    // subtractive cancellation.
    private static double OutsideSquare(int n, long h)
    {
        var p = 0.0;
        var k = (long)Math.Floor((double)n / h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++)
            {
                p1 = (n - (k * h) - j) * p1 / (n + (k * h) + j + 1);
            }

            p = p1 * (1.0 - p);
            k--;
        }

        return 2 * p;
    }

    // Hodges (1958) lattice-path count of the paths that stay strictly inside |x/m − y/n| < h/lcm, in the form of Viehmann,
    // "Numerically more stable computation of the p-values for the two-sample Kolmogorov–Smirnov test" (arXiv:2102.08037),
    // which carries 1 − (proportion inside) directly; this is SciPy's _compute_outer_prob_inside_method.
    private static double OuterProbabilityInside(int first, int second, int gcd, long h)
    {
        int m = Math.Max(first, second), n = Math.Min(first, second);
        long mg = m / gcd, ng = n / gcd;
        var minJ = 0;
        var maxJ = (int)Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var currentLength = maxJ - minJ;
        var length = Math.Min((2 * maxJ) + 2, n + 1);
        var a = new double[length];
        a.AsSpan().Fill(1.0);
        a.AsSpan(minJ, maxJ - minJ).Clear();
        for (var i = 1; i <= m; i++)
        {
            var lastMinJ = minJ;
            var lastLength = currentLength;
            minJ = (int)Math.Max(FloorDiv((ng * i) - h, mg) + 1, 0);
            minJ = Math.Min(minJ, n);
            maxJ = (int)Math.Min(CeilDiv((ng * i) + h, mg), n + 1);
            if (maxJ <= minJ)
            {
                return 1.0;
            }

            var value = minJ == 0 ? 0.0 : 1.0;
            for (var jj = 0; jj < maxJ - minJ; jj++)
            {
                var j = jj + minJ;
                value = ((a[jj + minJ - lastMinJ] * i) + (value * j)) / (i + j);
                a[jj] = value;
            }

            currentLength = maxJ - minJ;
            if (lastLength > currentLength)
            {
                a.AsSpan(maxJ - minJ, Math.Min(lastLength - currentLength, length - (maxJ - minJ))).Fill(1.0);
            }
        }

        return a[maxJ - minJ - 1];
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
