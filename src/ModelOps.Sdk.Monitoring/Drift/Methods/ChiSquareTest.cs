using ModelOps.Sdk.Monitoring.Statistics;

namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>The chi-square test of homogeneity between the category counts of a reference and a current sample.</summary>
/// <remarks>
/// The 2 × k table (reference row, current row) is tested as <c>scipy.stats.chi2_contingency(table, correction=…)</c> does:
/// expected counts from the margins, Pearson's statistic Σ (O − E)² / E, k − 1 degrees of freedom, Yates' continuity correction
/// (each observed count moved by at most 0.5 toward its expectation) only when there is one degree of freedom, and the p-value
/// Q((k − 1)/2, χ²/2) through <see cref="ChiSquareDistribution"/>. Categories empty on both sides carry no information and are
/// left out (SciPy would refuse the zero expectation). Thread-safe.
/// </remarks>
public static class ChiSquareTest
{
    private const string Units = "Pearson chi-square statistic (dimensionless)";

    /// <summary>Runs the test.</summary>
    /// <param name="referenceCounts">The reference count of each category.</param>
    /// <param name="currentCounts">The current count of each category, aligned with <paramref name="referenceCounts"/>.</param>
    /// <param name="alpha">The significance level; drift when the p-value is below it.</param>
    /// <param name="yatesCorrection">Whether to apply Yates' correction when there is one degree of freedom (SciPy's default).</param>
    /// <returns>The statistic, degrees of freedom, p-value and decision.</returns>
    /// <exception cref="InvalidMonitoringInputException">The counts are empty, of different lengths, negative, or total 0, or <paramref name="alpha"/> is not in (0, 1).</exception>
    public static DriftResult Compute(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts, double alpha = DriftDefaults.Alpha, bool yatesCorrection = true)
    {
        BinnedCounts.ValidateAlpha(alpha);
        var (n, m) = BinnedCounts.Validate(referenceCounts, currentCounts);
        var total = (double)n + m;
        var categories = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            if (referenceCounts[i] + currentCounts[i] > 0)
            {
                categories++;
            }
        }

        var degreesOfFreedom = categories - 1;
        var correct = yatesCorrection && degreesOfFreedom == 1;
        var statistic = 0.0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            var column = referenceCounts[i] + currentCounts[i];
            if (column == 0)
            {
                continue;
            }

            statistic += Cell(referenceCounts[i], n * (column / total), correct) + Cell(currentCounts[i], m * (column / total), correct);
        }

        var pValue = degreesOfFreedom == 0 ? 1.0 : ChiSquareDistribution.SurvivalFunction(statistic, degreesOfFreedom);
        return DriftResult.FromPValue(DriftMethod.ChiSquare, statistic, pValue, alpha, Units, n, m, referenceCounts.Length) with
        {
            DegreesOfFreedom = degreesOfFreedom,
        };
    }

    private static double Cell(long observed, double expected, bool yates)
    {
        var difference = expected - observed;
        if (yates)
        {
            // SciPy: observed += sign(E − O) · min(0.5, |E − O|).
            difference -= Math.Sign(difference) * Math.Min(0.5, Math.Abs(difference));
        }

        return difference * difference / expected;
    }
}
