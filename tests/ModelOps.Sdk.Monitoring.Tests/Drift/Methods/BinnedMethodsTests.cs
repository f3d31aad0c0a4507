using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Monitoring.Tests.Drift.Methods;

/// <summary>PSI, Jensen–Shannon, Hellinger and chi-square against hand-computed and published values.</summary>
public sealed class BinnedMethodsTests
{
    [Fact]
    public void PopulationStabilityIndex_HandComputed_WithoutSmoothingIsQuarterLnThree()
    {
        // r = (0.5, 0.5), c = (0.25, 0.75): (0.25)·ln 2 + (−0.25)·ln(0.5/0.75) = 0.25·ln 3.
        var result = PopulationStabilityIndex.Compute([50, 50], [25, 75], smoothing: 0);

        Assert.Equal(0.25 * Math.Log(3), result.Statistic, 14);
        Assert.Equal(result.Statistic, result.UnsmoothedStatistic);
        Assert.True(result.Drifted);
        Assert.Equal(DriftDecisionRule.ScoreAtLeastThreshold, result.DecisionRule);
        Assert.Equal((100L, 100L, 2), (result.ReferenceCount, result.CurrentCount, result.Bins));
    }

    [Fact]
    public void PopulationStabilityIndex_EmptyBinOnOneSide_RawIsInfiniteSmoothedIsFinite()
    {
        // Smoothed by hand: r = ((1 + ε)/(1 + 2ε), ε/(1 + 2ε)), c = ((0.5 + ε)/(1 + 2ε), (0.5 + ε)/(1 + 2ε)).
        const double eps = 1e-4;
        double r0 = (1 + eps) / (1 + (2 * eps)), r1 = eps / (1 + (2 * eps)), c = (0.5 + eps) / (1 + (2 * eps));
        var expected = ((r0 - c) * Math.Log(r0 / c)) + ((r1 - c) * Math.Log(r1 / c));

        var result = PopulationStabilityIndex.Compute([10, 0], [5, 5]);

        Assert.True(double.IsPositiveInfinity(result.UnsmoothedStatistic));
        Assert.Equal(expected, result.Statistic, 12);
        Assert.Equal(eps, result.Smoothing);
    }

    [Fact]
    public void JensenShannonDistance_ScipyDocExamples_InBaseTwo()
    {
        // scipy.spatial.distance.jensenshannon docs: ([1,0,0],[0,1,0], base 2) = 1.0 and ([1,0],[0.5,0.5]) = 0.46450140402245893
        // in natural-log units, which is 0.46450140402245893/√(ln 2) in base 2.
        var disjoint = JensenShannonDistance.Compute([1, 0, 0], [0, 1, 0], smoothing: 0);
        var half = JensenShannonDistance.Compute([2, 0], [1, 1], smoothing: 0);

        Assert.Equal(1.0, disjoint.Statistic, 14);
        Assert.Equal(0.46450140402245893 / Math.Sqrt(Math.Log(2)), half.Statistic, 14);
        Assert.Equal(0.1 / Math.Sqrt(Math.Log(2)), half.Threshold, 15);
        Assert.Contains("base 2", half.Units, StringComparison.Ordinal);
    }

    [Fact]
    public void HellingerDistance_HandComputed()
    {
        // ½((1 − √½)² + (0 − √½)²) = 1 − √½ → H = √(1 − √½).
        var result = HellingerDistance.Compute([2, 0], [1, 1], smoothing: 0);

        Assert.Equal(Math.Sqrt(1 - Math.Sqrt(0.5)), result.Statistic, 14);
        Assert.Equal(0.0, HellingerDistance.Compute([3, 7], [30, 70]).Statistic, 15);
    }

    [Fact]
    public void ChiSquareTest_ScipyChi2ContingencyDocExample_2x3()
    {
        // scipy.stats.chi2_contingency docs: obs = [[10, 10, 20], [20, 20, 20]] → statistic 2.7777777777777777,
        // p-value 0.24935220877729619, dof 2.
        var result = ChiSquareTest.Compute([10, 10, 20], [20, 20, 20]);

        Assert.Equal(2.7777777777777777, result.Statistic, 13);
        Assert.Equal(0.24935220877729619, result.PValue!.Value, 13);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void ChiSquareTest_ScipyChi2ContingencyAspirinExample_YatesForOneDegree()
    {
        // scipy.stats.chi2_contingency docs (aspirin and myocardial infarction, 2×2, Yates' correction by default):
        // statistic 6.892569132546561, p-value 0.008655478161175739, dof 1.
        var result = ChiSquareTest.Compute([176, 21035], [230, 21018]);

        Assert.Equal(6.892569132546561, result.Statistic, 11);
        Assert.Equal(0.008655478161175739, result.PValue!.Value, 13);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.True(result.Drifted);
    }

    [Fact]
    public void ChiSquareTest_CategoriesEmptyOnBothSides_AreLeftOut()
    {
        var withEmpty = ChiSquareTest.Compute([10, 0, 10, 20], [20, 0, 20, 20]);
        var without = ChiSquareTest.Compute([10, 10, 20], [20, 20, 20]);

        Assert.Equal(without.Statistic, withEmpty.Statistic, 14);
        Assert.Equal(without.DegreesOfFreedom, withEmpty.DegreesOfFreedom);
        Assert.Equal(4, withEmpty.Bins);
    }

    [Fact]
    public void WassersteinDistance_ScipyDocExample_AndEvidentlyNormalisation()
    {
        // scipy.stats.wasserstein_distance docs: ([0, 1, 3], [5, 6, 8]) = 5.0; Evidently divides by np.std(reference) (ddof 0).
        var result = WassersteinDistance.Compute([0, 1, 3], [5, 6, 8]);

        Assert.Equal(5.0, result.UnnormalizedStatistic!.Value, 14);
        Assert.Equal(5.0 / Math.Sqrt(42.0 / 27), result.Statistic, 13);
        Assert.True(result.Drifted);
    }

    [Fact]
    public void BinnedMethods_BadCounts_ThrowNamingTheArgument()
    {
        Assert.Equal("currentCounts", Assert.Throws<InvalidMonitoringInputException>(() => PopulationStabilityIndex.Compute([1, 2], [1])).Parameter);
        Assert.Equal("referenceCounts", Assert.Throws<InvalidMonitoringInputException>(() => JensenShannonDistance.Compute([-1, 2], [1, 1])).Parameter);
        Assert.Equal("currentCounts", Assert.Throws<InvalidMonitoringInputException>(() => HellingerDistance.Compute([1, 2], [0, 0])).Parameter);
        Assert.Equal("smoothing", Assert.Throws<InvalidMonitoringInputException>(() => PopulationStabilityIndex.Compute([1, 2], [1, 2], smoothing: -1)).Parameter);
        Assert.Equal("binEdges", Assert.Throws<InvalidMonitoringInputException>(() => WassersteinDistance.ComputeBinned([0, 2, 1], [1, 1], [1, 1], 1)).Parameter);
    }
}
