using ModelOps.Sdk.Monitoring.Statistics;

namespace ModelOps.Sdk.Monitoring.Tests.Statistics;

public sealed class ChiSquareDistributionTests
{
    [Theory]
    // scipy.stats.chisquare docs: chisquare([16, 18, 16, 14, 12, 12]) → statistic 2.0, p 0.84914503608460956 (df 5);
    // with f_exp=[16, 16, 16, 16, 16, 8] → statistic 3.5, p 0.62338762774958223.
    [InlineData(2.0, 5, 0.84914503608460956)]
    [InlineData(3.5, 5, 0.62338762774958223)]
    // The 95% quantile of chi-square(1), 3.841458820694124, has survival 0.05.
    [InlineData(3.841458820694124, 1, 0.05)]
    public void SurvivalFunction_PublishedValues(double x, double df, double expected)
    {
        Assert.Equal(expected, ChiSquareDistribution.SurvivalFunction(x, df), 13);
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.5)]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(150)]
    [InlineData(600)]
    public void SurvivalFunction_ClosedFormsForTwoAndFourDegrees(double x)
    {
        // Q(1, x/2) = e^{−x/2} and Q(2, x/2) = e^{−x/2}(1 + x/2): relative agreement, including deep in the tail.
        var two = Math.Exp(-x / 2);
        var four = Math.Exp(-x / 2) * (1 + (x / 2));

        Assert.True(Math.Abs(ChiSquareDistribution.SurvivalFunction(x, 2) - two) <= 1e-13 * two, $"df 2 at {x}");
        Assert.True(Math.Abs(ChiSquareDistribution.SurvivalFunction(x, 4) - four) <= 1e-13 * four, $"df 4 at {x}");
    }

    [Fact]
    public void IncompleteGamma_LowerAndUpperAreComplements()
    {
        foreach (var a in new[] { 0.5, 1, 2.5, 10, 100 })
        {
            foreach (var x in new[] { 0.01, 0.5, 1, 5, 10, 99, 101, 200 })
            {
                Assert.Equal(1.0, IncompleteGamma.LowerRegularized(a, x) + IncompleteGamma.UpperRegularized(a, x), 13);
            }
        }

        Assert.Equal(1 - Math.Exp(-2.0), IncompleteGamma.LowerRegularized(1, 2), 15);
        Assert.Throws<InvalidMonitoringInputException>(() => IncompleteGamma.UpperRegularized(0, 1));
    }
}
