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
    public void SurvivalFunction_Edges()
    {
        Assert.Equal(1.0, ChiSquareDistribution.SurvivalFunction(0, 3));
        Assert.Equal(0.0, ChiSquareDistribution.SurvivalFunction(double.PositiveInfinity, 3));
        Assert.Equal("degreesOfFreedom", Assert.Throws<InvalidMonitoringInputException>(() => ChiSquareDistribution.SurvivalFunction(1, 0)).Parameter);
        Assert.Equal("x", Assert.Throws<InvalidMonitoringInputException>(() => ChiSquareDistribution.SurvivalFunction(double.NaN, 2)).Parameter);
    }
}
