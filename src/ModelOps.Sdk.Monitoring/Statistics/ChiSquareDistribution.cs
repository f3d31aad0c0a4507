using MathNet.Numerics;

namespace ModelOps.Sdk.Monitoring.Statistics;

/// <summary>The chi-square distribution.</summary>
public static class ChiSquareDistribution
{
    /// <summary>
    /// Returns the survival function P(X ≥ x) of a chi-square variable with <paramref name="degreesOfFreedom"/> degrees of
    /// freedom, the p-value of a chi-square test; equal to <c>scipy.stats.chi2.sf(x, df)</c>.
    /// </summary>
    /// <param name="x">The statistic, at least 0.</param>
    /// <param name="degreesOfFreedom">The degrees of freedom, greater than 0.</param>
    /// <returns>
    /// Q(df/2, x/2), the regularized upper incomplete gamma function (Abramowitz and Stegun 26.4.19), from MathNet.Numerics
    /// (<c>SpecialFunctions.GammaUpperRegularized</c>, Cephes <c>igamc</c>: series or continued fraction, never 1 − P, so small
    /// p-values keep their relative accuracy).
    /// </returns>
    /// <exception cref="InvalidMonitoringInputException">An argument is out of range or NaN.</exception>
    public static double SurvivalFunction(double x, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0) || double.IsInfinity(degreesOfFreedom))
        {
            throw new InvalidMonitoringInputException(nameof(degreesOfFreedom), $"must be a finite number greater than 0, not {degreesOfFreedom}");
        }

        if (!(x >= 0))
        {
            throw new InvalidMonitoringInputException(nameof(x), $"the chi-square statistic must be at least 0, not {x}");
        }

        if (x == 0)
        {
            return 1.0;
        }

        return double.IsPositiveInfinity(x) ? 0.0 : Math.Clamp(SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2, x / 2), 0.0, 1.0);
    }
}
