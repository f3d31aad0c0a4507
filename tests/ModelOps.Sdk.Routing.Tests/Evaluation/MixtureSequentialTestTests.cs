using FsCheck.Xunit;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Evaluation;

/// <summary>
/// Check values of the normal-mixture likelihood ratio of Johari, Koomen, Pekelis and Walsh, "Peeking at A/B Tests" (KDD 2017):
/// Λ_n = √(V/(V + nτ²)) · exp(n²τ²Δ² / (2V(V + nτ²))), worked out by hand for each case.
/// </summary>
public sealed class MixtureSequentialTestTests
{
    [Theory]
    // n = 100, Δ = 0.1, V = 2, τ² = 0.01: V + nτ² = 3, exponent 100² · 0.01 · 0.01 / (2 · 2 · 3) = 1/12.
    [InlineData(100, 0.1, 2.0, 0.01, 0.8874534402305833)]
    // n = 1000, Δ = 0.2, V = 2, τ² = 0.04: V + nτ² = 42, √(2/42) = √(1/21), exponent 10⁶ · 0.04 · 0.04 / (4 · 42) = 200/21.
    [InlineData(1000, 0.2, 2.0, 0.04, 2985.5769939351567)]
    // n = 500, Δ = −0.05, V = 0.5, τ² = 0.0025: V + nτ² = 1.75, √(0.5/1.75) = √(2/7), exponent 250000 · 0.0025 · 0.0025 / 1.75 = 25/28.
    [InlineData(500, -0.05, 0.5, 0.0025, 1.3053558147729396)]
    // n = 0: no data, Λ = 1.
    [InlineData(0, 0.3, 1.0, 1.0, 1.0)]
    public void LikelihoodRatio_MatchesTheClosedFormWorkedByHand(long n, double difference, double variance, double mixingVariance, double expected)
    {
        Assert.Equal(expected, MixtureSequentialTest.LikelihoodRatio(n, difference, variance, mixingVariance), 10);
    }

    [Fact]
    public void LikelihoodRatio_HandCasesAsArithmetic()
    {
        Assert.Equal(Math.Sqrt(2.0 / 3) * Math.Exp(1.0 / 12), MixtureSequentialTest.LikelihoodRatio(100, 0.1, 2, 0.01), 12);
        Assert.Equal(Math.Sqrt(1.0 / 21) * Math.Exp(200.0 / 21), MixtureSequentialTest.LikelihoodRatio(1000, 0.2, 2, 0.04), 9);
        Assert.Equal(Math.Sqrt(2.0 / 7) * Math.Exp(25.0 / 28), MixtureSequentialTest.LikelihoodRatio(500, -0.05, 0.5, 0.0025), 12);
    }

    [Property(MaxTest = 200)]
    public void GeneralForm_WithEstimateVarianceVOverN_EqualsThePaperForm(ushort n, short difference, byte variance, byte tau)
    {
        var nn = n + 1L;
        var d = difference / 10000.0;
        var v = (variance + 1) / 50.0;
        var t = (tau + 1) / 1000.0;
        var paper = MixtureSequentialTest.LikelihoodRatio(nn, d, v, t);
        var general = MixtureSequentialTest.LikelihoodRatio(d, v / nn, t);
        Assert.True(Math.Abs(paper - general) <= 1e-9 * Math.Max(1, paper), $"{paper} vs {general}");
    }

    [Property(MaxTest = 200)]
    public void ConfidenceSequenceEnds_AreWhereTheLikelihoodRatioReachesOneOverAlpha(byte variance, byte tau, byte alphaPercent)
    {
        var s2 = (variance + 1) / 1e5;
        var t = (tau + 1) / 1e4;
        var alpha = ((alphaPercent % 20) + 1) / 100.0;
        var halfWidth = MixtureSequentialTest.ConfidenceHalfWidth(s2, t, alpha);
        var atEnd = MixtureSequentialTest.LikelihoodRatio(halfWidth, s2, t);
        Assert.True(Math.Abs(atEnd - (1 / alpha)) <= 1e-6 / alpha, $"Λ at the end {atEnd} vs 1/α {1 / alpha}");
    }

    [Fact]
    public void Update_CarriesTheRunningMinimumPValueAndIntersection()
    {
        var a = Moments(1000, 0.80);
        var strong = Moments(1000, 0.86);
        var weak = Moments(2000, 0.80);
        var first = MixtureSequentialTest.Update(null, a, strong, proportions: true, mixingVariance: 0.0025, alpha: 0.05);
        Assert.True(first.State.PValue < 0.05, $"p = {first.State.PValue}");
        Assert.True(first.State.LowerBound > 0);
        // A later look with less evidence cannot raise the p-value or widen the interval.
        var second = MixtureSequentialTest.Update(first.State, Moments(2000, 0.80), weak, proportions: true, mixingVariance: 0.0025, alpha: 0.05);
        Assert.Equal(first.State.PValue, second.State.PValue);
        Assert.Equal(first.State.LowerBound, second.State.LowerBound);
        Assert.Equal(2, second.State.Looks);
    }

    [Fact]
    public void Update_ProportionsUseBernoulliVariance()
    {
        var a = Moments(400, 0.5);
        var b = Moments(400, 0.6);
        var update = MixtureSequentialTest.Update(null, a, b, proportions: true, mixingVariance: 0.01, alpha: 0.05);
        // p smoothed as (x + 1/2)/(n + 1): (200.5/401)(200.5/401)/400 + (240.5/401)(160.5/401)/400.
        var pa = 200.5 / 401;
        var pb = 240.5 / 401;
        Assert.Equal((pa * (1 - pa) / 400) + (pb * (1 - pb) / 400), update.EstimateVariance, 15);
        Assert.Equal(0.1, update.Estimate, 12);
    }

    [Fact]
    public void WaldBoundaries_ForAlpha5PercentBeta20Percent_AreTheTextbookValues()
    {
        var sprt = new WaldSequentialTest(0.05, 0.2);
        Assert.Equal(2.772589, sprt.LogUpperBoundary, 6);
        Assert.Equal(-1.558145, sprt.LogLowerBoundary, 6);
        // Accuracy 0.80 (H0) vs 0.85 (H1): 150 successes in 170 trials (88%) crosses ln A; 130 of 170 (76%) crosses ln B.
        Assert.Equal(WaldDecision.AcceptAlternative, sprt.Decide(WaldSequentialTest.BernoulliLogLikelihoodRatio(150, 20, 0.80, 0.85)));
        Assert.Equal(WaldDecision.AcceptNull, sprt.Decide(WaldSequentialTest.BernoulliLogLikelihoodRatio(130, 40, 0.80, 0.85)));
        Assert.Equal(WaldDecision.Continue, sprt.Decide(WaldSequentialTest.BernoulliLogLikelihoodRatio(8, 2, 0.80, 0.85)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WaldSequentialTest(0.6, 0.5));
    }

    private static RunningMoments Moments(long n, double rate)
    {
        var successes = Math.Round(rate * n);
        return new RunningMoments(n, successes / n, successes * (1 - (successes / n)));
    }
}
