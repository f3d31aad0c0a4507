namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// The mixture sequential probability ratio test (mSPRT) with a normal mixture, for the difference between two arms' means or
/// proportions: an always-valid p-value and a confidence sequence that stay valid however often they are looked at.
/// </summary>
/// <remarks>
/// <para>Source: R. Johari, P. Koomen, L. Pekelis and D. Walsh, "Peeking at A/B Tests: Why it matters, and what to do about it",
/// KDD 2017 (and "Always Valid Inference", Operations Research 70(3), 2022). For n pairs of observations whose difference has
/// variance V, a mixing distribution N(0, τ²) over the effect θ gives the mixture likelihood ratio against θ = 0
/// <code>Λ_n = √(V / (V + nτ²)) · exp( n²τ²(X̄_n − Ȳ_n)² / (2V(V + nτ²)) )</code>
/// and the always-valid p-value p_n = min(p_{n−1}, 1/Λ_n). Under the null Λ_n is a nonnegative martingale with mean 1, so by
/// Ville's inequality P(∃n: Λ_n ≥ 1/α) ≤ α: stopping the first time p_n ≤ α is a level-α test at any stopping time.</para>
/// <para>Writing the estimate θ̂ and its variance s² = V/n gives the same ratio as
/// <c>Λ = √(s²/(s² + τ²)) · exp(τ²θ̂² / (2s²(s² + τ²)))</c>, which this class uses for arms of unequal size with
/// s² = σ²_A/n_A + σ²_B/n_B and the variances estimated from the data (plug-in), as the paper does in practice. For proportions
/// the paper's normal approximation is used, with σ² = p(1 − p) per arm (p smoothed as (x + ½)/(n + 1) so an arm at 0% or 100%
/// does not report zero variance).</para>
/// <para>Inverting Λ ≥ 1/α in θ gives the confidence sequence θ̂ ± √( 2s²(s² + τ²)/τ² · (ln(1/α) + ½·ln((s² + τ²)/s²)) ).</para>
/// </remarks>
public static class MixtureSequentialTest
{
    /// <summary>The mixture likelihood ratio in the paper's form, for n pairs of observations.</summary>
    /// <param name="n">The number of pairs (samples per arm).</param>
    /// <param name="meanDifference">X̄_n − Ȳ_n − θ₀: the observed difference of means less the null value.</param>
    /// <param name="variance">V, the variance of one paired difference (2σ² for two arms of variance σ²).</param>
    /// <param name="mixingVariance">τ², the variance of the normal mixing distribution over the effect.</param>
    /// <returns>Λ_n.</returns>
    /// <exception cref="ArgumentOutOfRangeException">n is negative, a variance is not positive, or the difference is not finite.</exception>
    public static double LikelihoodRatio(long n, double meanDifference, double variance, double mixingVariance)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        EnsurePositive(variance, nameof(variance));
        EnsurePositive(mixingVariance, nameof(mixingVariance));
        EnsureFinite(meanDifference, nameof(meanDifference));
        var v = variance;
        var t = mixingVariance;
        var nn = (double)n;
        // Johari et al. 2017, the normal-mixture mSPRT.
        return Math.Sqrt(v / (v + (nn * t))) * Math.Exp(nn * nn * t * meanDifference * meanDifference / (2 * v * (v + (nn * t))));
    }

    /// <summary>The mixture likelihood ratio for an estimate θ̂ with sampling variance s² (arms of any size).</summary>
    /// <param name="estimate">θ̂ − θ₀.</param>
    /// <param name="estimateVariance">s², the sampling variance of the estimate.</param>
    /// <param name="mixingVariance">τ².</param>
    /// <returns>Λ; 1 (no evidence) when s² is 0.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A variance is negative or not finite, or the estimate is not finite.</exception>
    public static double LikelihoodRatio(double estimate, double estimateVariance, double mixingVariance)
    {
        EnsureFinite(estimate, nameof(estimate));
        EnsureNonNegative(estimateVariance, nameof(estimateVariance));
        EnsurePositive(mixingVariance, nameof(mixingVariance));
        if (estimateVariance == 0)
        {
            return 1;
        }

        var s2 = estimateVariance;
        var t = mixingVariance;
        return Math.Sqrt(s2 / (s2 + t)) * Math.Exp(t * estimate * estimate / (2 * s2 * (s2 + t)));
    }

    /// <summary>The half-width of the confidence sequence at level 1 − α around an estimate with sampling variance s².</summary>
    /// <param name="estimateVariance">s².</param>
    /// <param name="mixingVariance">τ².</param>
    /// <param name="alpha">α, between 0 and 1.</param>
    /// <returns>The half-width; infinite when s² is 0 (no information).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A variance is out of range, or α is not between 0 and 1.</exception>
    public static double ConfidenceHalfWidth(double estimateVariance, double mixingVariance, double alpha)
    {
        EnsureNonNegative(estimateVariance, nameof(estimateVariance));
        EnsurePositive(mixingVariance, nameof(mixingVariance));
        EnsureAlpha(alpha);
        if (estimateVariance == 0)
        {
            return double.PositiveInfinity;
        }

        var s2 = estimateVariance;
        var t = mixingVariance;
        return Math.Sqrt(2 * s2 * (s2 + t) / t * (Math.Log(1 / alpha) + (0.5 * Math.Log((s2 + t) / s2))));
    }

    /// <summary>
    /// Updates the test with the current sufficient statistics of two arms: the effect estimate (B − A), its confidence sequence
    /// and the always-valid p-value, carried over from <paramref name="previous"/>.
    /// </summary>
    /// <param name="previous">The state after the last look, or <see langword="null"/> at the first.</param>
    /// <param name="a">Arm A (the champion): count and mean, and its variance for means.</param>
    /// <param name="b">Arm B (the challenger).</param>
    /// <param name="proportions">Whether the values are 0/1 outcomes (variance p(1 − p)) rather than general numbers (sample variance).</param>
    /// <param name="mixingVariance">τ².</param>
    /// <param name="alpha">α.</param>
    /// <returns>The estimate B − A, its sampling variance, and the new state.</returns>
    /// <exception cref="ArgumentOutOfRangeException">τ² or α is out of range.</exception>
    public static SequentialTestUpdate Update(SequentialTestState? previous, Statistics.RunningMoments a, Statistics.RunningMoments b, bool proportions, double mixingVariance, double alpha)
    {
        EnsurePositive(mixingVariance, nameof(mixingVariance));
        EnsureAlpha(alpha);
        previous ??= SequentialTestState.Initial;
        if (a.Count < 2 || b.Count < 2)
        {
            return new SequentialTestUpdate(b.Mean - a.Mean, double.PositiveInfinity, previous);
        }

        var estimate = b.Mean - a.Mean;
        var s2 = (Variance(a, proportions) / a.Count) + (Variance(b, proportions) / b.Count);
        var lambda = LikelihoodRatio(estimate, s2, mixingVariance);
        var halfWidth = ConfidenceHalfWidth(s2, mixingVariance, alpha);
        var state = new SequentialTestState(
            Math.Min(previous.PValue, Math.Min(1, 1 / lambda)),
            Math.Max(previous.LowerBound, estimate - halfWidth),
            Math.Min(previous.UpperBound, estimate + halfWidth),
            previous.Looks + 1);
        return new SequentialTestUpdate(estimate, s2, state);
    }

    private static double Variance(Statistics.RunningMoments m, bool proportions)
    {
        if (!proportions)
        {
            return m.Variance;
        }

        var successes = m.Mean * m.Count;
        var p = (successes + 0.5) / (m.Count + 1);
        return p * (1 - p);
    }

    private static void EnsurePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The variance must be a positive finite number.");
        }
    }

    private static void EnsureNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The variance must be a finite number of at least 0.");
        }
    }

    private static void EnsureFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be finite.");
        }
    }

    private static void EnsureAlpha(double alpha)
    {
        if (!(alpha is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Alpha must be between 0 and 1.");
        }
    }
}
