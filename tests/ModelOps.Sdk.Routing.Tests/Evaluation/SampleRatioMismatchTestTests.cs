using ModelOps.Sdk.Routing.Evaluation;

namespace ModelOps.Sdk.Routing.Tests.Evaluation;

public sealed class SampleRatioMismatchTestTests
{
    [Fact]
    public void Evaluate_ScipyChisquareExamples_MatchThePublishedValues()
    {
        // scipy.stats.chisquare docs: chisquare([16, 18, 16, 14, 12, 12]) -> statistic 2.0, pvalue 0.84914503608460956.
        var uniform = SampleRatioMismatchTest.Evaluate([16, 18, 16, 14, 12, 12], [1, 1, 1, 1, 1, 1]);
        Assert.Equal(2.0, uniform.ChiSquare, 12);
        Assert.Equal(5, uniform.DegreesOfFreedom);
        Assert.Equal(0.84914503608460956, uniform.PValue, 12);
        // chisquare([16, 18, 16, 14, 12, 12], f_exp=[16, 16, 16, 16, 16, 8]) -> statistic 3.5, pvalue 0.62338762774958223.
        var weighted = SampleRatioMismatchTest.Evaluate([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);
        Assert.Equal(3.5, weighted.ChiSquare, 12);
        Assert.Equal(0.62338762774958223, weighted.PValue, 12);
        Assert.False(weighted.IsMismatch);
    }

    [Fact]
    public void Evaluate_TwoArms_MatchesHandValues_AndFlagsBelowOnePerMille()
    {
        // 5100/4900 at 50/50: chi2 = 2 * 100^2 / 5000 = 4; survival of chi2(1) at 4 = erfc(sqrt(2)) = 0.0455002638963584.
        var mild = SampleRatioMismatchTest.Evaluate([5100, 4900], [0.5, 0.5]);
        Assert.Equal(4, mild.ChiSquare, 12);
        Assert.Equal(0.0455002638963584, mild.PValue, 12);
        Assert.False(mild.IsMismatch);
        // 5200/4800: chi2 = 16, p = erfc(sqrt(8)) = 6.334248366623996e-05 < 0.001.
        var broken = SampleRatioMismatchTest.Evaluate([5200, 4800], [50, 50]);
        Assert.Equal(16, broken.ChiSquare, 12);
        Assert.Equal(6.334248366623996e-05, broken.PValue, 15);
        Assert.True(broken.IsMismatch);
        // A 90/10 split observed as configured is not flagged.
        Assert.False(SampleRatioMismatchTest.Evaluate([9012, 988], [90, 10]).IsMismatch);
    }

    [Fact]
    public void Evaluate_TrafficOnAZeroWeightArm_IsAMismatch_AndBadInputIsRefused()
    {
        Assert.True(SampleRatioMismatchTest.Evaluate([100, 3], [1, 0]).IsMismatch);
        Assert.Equal(1, SampleRatioMismatchTest.Evaluate([0, 0], [1, 1]).PValue);
        Assert.Throws<ArgumentException>(() => SampleRatioMismatchTest.Evaluate([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => SampleRatioMismatchTest.Evaluate([1, -2], [1, 1]));
        Assert.Throws<ArgumentException>(() => SampleRatioMismatchTest.Evaluate([1, 2], [0, 0]));
        Assert.Throws<ArgumentException>(() => SampleRatioMismatchTest.Evaluate([1, 2], [double.NaN, 1]));
    }
}
