namespace ModelOps.Sdk.Monitoring.Drift;

/// <summary>Adjusted p-values for testing several features at once, as <c>statsmodels.stats.multitest.multipletests</c>.</summary>
/// <remarks>
/// A feature is significant at level α after correction when its adjusted p-value is below α. Thread-safe.
/// </remarks>
public static class MultipleTesting
{
    /// <summary>Bonferroni-adjusted p-values min(1, m·p_i) (<c>method='bonferroni'</c>).</summary>
    /// <param name="pValues">The raw p-values, each in [0, 1].</param>
    /// <returns>The adjusted p-values, in the input order.</returns>
    /// <exception cref="InvalidMonitoringInputException">A p-value is outside [0, 1] or NaN.</exception>
    public static double[] BonferroniAdjusted(ReadOnlySpan<double> pValues)
    {
        Validate(pValues);
        var adjusted = new double[pValues.Length];
        for (var i = 0; i < pValues.Length; i++)
        {
            adjusted[i] = Math.Min(1.0, pValues[i] * pValues.Length);
        }

        return adjusted;
    }

    /// <summary>
    /// Benjamini–Hochberg adjusted p-values (<c>method='fdr_bh'</c>): with p_(1) ≤ … ≤ p_(m),
    /// q_(i) = min_{j ≥ i} min(1, m·p_(j)/j) (Benjamini and Hochberg, JRSS B 57(1), 1995).
    /// </summary>
    /// <param name="pValues">The raw p-values, each in [0, 1].</param>
    /// <returns>The adjusted p-values, in the input order.</returns>
    /// <exception cref="InvalidMonitoringInputException">A p-value is outside [0, 1] or NaN.</exception>
    public static double[] BenjaminiHochbergAdjusted(ReadOnlySpan<double> pValues)
    {
        Validate(pValues);
        var m = pValues.Length;
        var order = new int[m];
        var sorted = pValues.ToArray();
        for (var i = 0; i < m; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m; rank >= 1; rank--)
        {
            running = Math.Min(running, sorted[rank - 1] * m / rank);
            adjusted[order[rank - 1]] = Math.Min(1.0, running);
        }

        return adjusted;
    }

    private static void Validate(ReadOnlySpan<double> pValues)
    {
        for (var i = 0; i < pValues.Length; i++)
        {
            if (!(pValues[i] >= 0 && pValues[i] <= 1))
            {
                throw new InvalidMonitoringInputException(nameof(pValues), $"p-value {i} is {pValues[i]}, outside [0, 1]");
            }
        }
    }
}
