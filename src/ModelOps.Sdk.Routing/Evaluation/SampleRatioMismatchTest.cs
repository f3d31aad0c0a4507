using MathNet.Numerics;

namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// Checks that arms received traffic in the configured proportions (sample-ratio mismatch), before any result is trusted: a
/// broken split (a bug in assignment, bots, a crash on one arm) biases every comparison.
/// </summary>
/// <remarks>
/// Pearson's chi-square goodness-of-fit test, as <c>scipy.stats.chisquare(f_obs, f_exp)</c> with the expected counts
/// proportional to the weights: χ² = Σ (O_i − E_i)² / E_i with E_i = N·w_i/Σw, and p = Q(k/2, χ²/2), the regularized upper
/// incomplete gamma function (the chi-square survival function with k = arms − 1 degrees of freedom), computed by
/// MathNet.Numerics' <c>SpecialFunctions.GammaUpperRegularized</c>. The conventional flag is p &lt; 0.001 (Kohavi, Tang and
/// Xu, "Trustworthy Online Controlled Experiments", 2020, chapter 21), strict because the check runs at every look.
/// </remarks>
public static class SampleRatioMismatchTest
{
    /// <summary>The default p-value below which a mismatch is flagged.</summary>
    public const double DefaultThreshold = 0.001;

    /// <summary>Tests observed arm counts against configured weights.</summary>
    /// <param name="observedCounts">Calls (or units) per arm.</param>
    /// <param name="expectedWeights">The configured weight per arm, in the same order; any positive scale.</param>
    /// <param name="threshold">The p-value below which a mismatch is flagged.</param>
    /// <returns>The statistic, its p-value and the flag. With no traffic, or one arm of positive weight, p is 1.</returns>
    /// <exception cref="ArgumentException">The lists differ in length, a count is negative, a weight is negative or not finite, or all weights are 0.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not between 0 and 1.</exception>
    public static SampleRatioMismatchResult Evaluate(IReadOnlyList<long> observedCounts, IReadOnlyList<double> expectedWeights, double threshold = DefaultThreshold)
    {
        ArgumentNullException.ThrowIfNull(observedCounts);
        ArgumentNullException.ThrowIfNull(expectedWeights);
        if (!(threshold is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be between 0 and 1.");
        }

        if (observedCounts.Count != expectedWeights.Count)
        {
            throw new ArgumentException($"There are {observedCounts.Count} observed counts but {expectedWeights.Count} weights.", nameof(expectedWeights));
        }

        double weightSum = 0;
        long total = 0;
        for (var i = 0; i < observedCounts.Count; i++)
        {
            if (observedCounts[i] < 0)
            {
                throw new ArgumentException($"Observed count {i} is negative ({observedCounts[i]}).", nameof(observedCounts));
            }

            if (!(expectedWeights[i] >= 0) || double.IsInfinity(expectedWeights[i]))
            {
                throw new ArgumentException($"Weight {i} must be a finite number of at least 0, not {expectedWeights[i]}.", nameof(expectedWeights));
            }

            weightSum += expectedWeights[i];
            total += observedCounts[i];
        }

        if (weightSum <= 0)
        {
            throw new ArgumentException("At least one weight must be positive.", nameof(expectedWeights));
        }

        double chiSquare = 0;
        var arms = 0;
        for (var i = 0; i < observedCounts.Count; i++)
        {
            if (expectedWeights[i] == 0)
            {
                if (observedCounts[i] > 0)
                {
                    // Traffic reached an arm configured to get none: the split is broken whatever the statistic.
                    return new SampleRatioMismatchResult(double.PositiveInfinity, Math.Max(0, arms - 1), 0, IsMismatch: true);
                }

                continue;
            }

            arms++;
            var expected = total * expectedWeights[i] / weightSum;
            if (expected > 0)
            {
                var d = observedCounts[i] - expected;
                chiSquare += d * d / expected;
            }
        }

        var degreesOfFreedom = arms - 1;
        if (total == 0 || degreesOfFreedom < 1)
        {
            return new SampleRatioMismatchResult(0, Math.Max(0, degreesOfFreedom), 1, IsMismatch: false);
        }

        // Chi-square survival function: Q(k/2, x/2), the regularized upper incomplete gamma function.
        var p = SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, chiSquare / 2.0);
        return new SampleRatioMismatchResult(chiSquare, degreesOfFreedom, p, p < threshold);
    }
}
