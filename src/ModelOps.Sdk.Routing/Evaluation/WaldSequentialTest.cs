namespace ModelOps.Sdk.Routing.Evaluation;

/// <summary>
/// Wald's sequential probability ratio test between two simple hypotheses, for example a challenger's accuracy p₀ against p₁.
/// Offered beside <see cref="MixtureSequentialTest"/> for when both values are known in advance; it does not give a p-value or
/// an interval, only a decision.
/// </summary>
/// <remarks>
/// A. Wald, "Sequential Tests of Statistical Hypotheses", Annals of Mathematical Statistics 16(2), 1945: continue while
/// ln B &lt; ln Λ_n &lt; ln A, with the approximate boundaries A = (1 − β)/α and B = β/(1 − α). For α = 0.05 and β = 0.2,
/// ln A = ln 16 = 2.772589 and ln B = ln(0.2/0.95) = −1.558145.
/// </remarks>
public sealed class WaldSequentialTest
{
    /// <summary>Initializes a new instance of the <see cref="WaldSequentialTest"/> class.</summary>
    /// <param name="alpha">The probability of accepting H₁ when H₀ holds, between 0 and 1.</param>
    /// <param name="beta">The probability of accepting H₀ when H₁ holds, between 0 and 1, with α + β &lt; 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">α or β is out of range.</exception>
    public WaldSequentialTest(double alpha, double beta)
    {
        if (!(alpha is > 0 and < 1) || !(beta is > 0 and < 1) || alpha + beta >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), $"Alpha ({alpha}) and beta ({beta}) must each be between 0 and 1, with alpha + beta < 1.");
        }

        Alpha = alpha;
        Beta = beta;
        LogUpperBoundary = Math.Log((1 - beta) / alpha);
        LogLowerBoundary = Math.Log(beta / (1 - alpha));
    }

    /// <summary>Gets α.</summary>
    public double Alpha { get; }

    /// <summary>Gets β.</summary>
    public double Beta { get; }

    /// <summary>Gets ln A = ln((1 − β)/α): at or above it, accept H₁.</summary>
    public double LogUpperBoundary { get; }

    /// <summary>Gets ln B = ln(β/(1 − α)): at or below it, accept H₀.</summary>
    public double LogLowerBoundary { get; }

    /// <summary>The log-likelihood ratio of H₁ (success probability p₁) against H₀ (p₀) after some Bernoulli trials.</summary>
    /// <param name="successes">The number of successes.</param>
    /// <param name="failures">The number of failures.</param>
    /// <param name="p0">The success probability under H₀, between 0 and 1.</param>
    /// <param name="p1">The success probability under H₁, between 0 and 1.</param>
    /// <returns>ln Λ = x·ln(p₁/p₀) + (n − x)·ln((1 − p₁)/(1 − p₀)).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or a probability is not strictly between 0 and 1.</exception>
    public static double BernoulliLogLikelihoodRatio(long successes, long failures, double p0, double p1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfNegative(failures);
        if (!(p0 is > 0 and < 1) || !(p1 is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p0), $"p0 ({p0}) and p1 ({p1}) must be strictly between 0 and 1.");
        }

        return (successes * Math.Log(p1 / p0)) + (failures * Math.Log((1 - p1) / (1 - p0)));
    }

    /// <summary>Decides from the current log-likelihood ratio.</summary>
    /// <param name="logLikelihoodRatio">ln Λ_n of H₁ against H₀.</param>
    /// <returns>Whether to accept H₁, accept H₀, or continue.</returns>
    public WaldDecision Decide(double logLikelihoodRatio) =>
        logLikelihoodRatio >= LogUpperBoundary ? WaldDecision.AcceptAlternative
        : logLikelihoodRatio <= LogLowerBoundary ? WaldDecision.AcceptNull
        : WaldDecision.Continue;
}
