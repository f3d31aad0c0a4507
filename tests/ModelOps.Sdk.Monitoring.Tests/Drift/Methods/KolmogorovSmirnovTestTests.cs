using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Monitoring.Tests.Drift.Methods;

/// <summary>
/// Reference values from SciPy's own test suite for <c>ks_2samp</c> (scipy/stats/tests/test_stats.py, class TestKSTwoSamples),
/// whose data are deterministic (linspace, small literals), so the exact statistic and p-value can be checked here.
/// </summary>
public sealed class KolmogorovSmirnovTestTests
{
    private static double[] Linspace(double start, double stop, int count) =>
        Enumerable.Range(0, count).Select(i => count == 1 ? start : start + ((stop - start) * i / (count - 1))).ToArray();

    [Theory]
    // testTwoVsThree / testTwoVsFour / testEqualSizes (two-sided rows).
    [InlineData(new[] { 1.01, 2.01 }, new[] { 1.0, 2.0, 3.0 }, 1.0 / 3, 1.0)]
    [InlineData(new[] { 0.99, 1.99 }, new[] { 1.0, 2.0, 3.0 }, 2.0 / 3, 0.6)]
    [InlineData(new[] { 1.01, 2.01 }, new[] { 1.0, 2.0, 3.0, 4.0 }, 2.0 / 4, 14.0 / 15)]
    [InlineData(new[] { 0.99, 1.99 }, new[] { 1.0, 2.0, 3.0, 4.0 }, 3.0 / 4, 6.0 / 15)]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 2.0, 3.0, 4.0 }, 1.0 / 3, 1.0)]
    [InlineData(new[] { 0.0 }, new[] { 1.0 }, 1.0, 1.0)]
    public void Compute_SmallScipyCases_MatchKs2samp(double[] x, double[] y, double statistic, double pValue)
    {
        var result = KolmogorovSmirnovTest.Compute(x, y);

        Assert.Equal(statistic, result.Statistic, 12);
        Assert.Equal(pValue, result.PValue!.Value, 12);
    }

    [Fact]
    public void Compute_Scipy100vs100_MatchesExactSquareFormula()
    {
        // test100_100: x100 = linspace(1, 100, 100), y = x100 + 2.1 → D = 3/100, p = 0.9999999999962055.
        var x = Linspace(1, 100, 100);
        var y = x.Select(v => v + 2 + 0.1).ToArray();

        var result = KolmogorovSmirnovTest.Compute(x, y);

        Assert.Equal(3.0 / 100, result.Statistic, 12);
        Assert.Equal(0.9999999999962055, result.PValue!.Value, 12);
    }

    [Theory]
    // test100_110: two-sided, exact inside method (n ≠ m).
    [InlineData(0.1, 232.0 / 1100, 0.015739183865607353)]
    [InlineData(-0.1, 229.0 / 1100, 0.017803803861026313)]
    public void Compute_Scipy100vs110_MatchesExactInsideMethod(double shift, double statistic, double pValue)
    {
        var x = Linspace(1, 100, 100);
        var y = Linspace(1, 100, 110).Select(v => v + 20 + shift).ToArray();

        var result = KolmogorovSmirnovTest.Compute(x, y);

        Assert.Equal(statistic, result.Statistic, 12);
        Assert.Equal(pValue, result.PValue!.Value, 10);
    }

    [Fact]
    public void Compute_ScipyRepeatedValues_HandlesTies()
    {
        // testRepeatedValues: ties across and within samples.
        int[] x2233 = [.. Enumerable.Repeat(2, 3), .. Enumerable.Repeat(3, 4), .. Enumerable.Repeat(5, 5), .. Enumerable.Repeat(6, 4)];
        var x3344 = x2233.Select(v => v + 1).ToArray();
        int[] x2356 = [.. Enumerable.Repeat(2, 3), .. Enumerable.Repeat(3, 4), .. Enumerable.Repeat(5, 10), .. Enumerable.Repeat(6, 4)];
        int[] x3467 = [.. Enumerable.Repeat(3, 10), .. Enumerable.Repeat(4, 2), .. Enumerable.Repeat(6, 10), .. Enumerable.Repeat(7, 4)];

        var first = KolmogorovSmirnovTest.Compute(x2233.Select(v => (double)v).ToArray(), x3344.Select(v => (double)v).ToArray());
        var second = KolmogorovSmirnovTest.Compute(x2356.Select(v => (double)v).ToArray(), x3467.Select(v => (double)v).ToArray());

        Assert.Equal(5.0 / 16, first.Statistic, 12);
        Assert.Equal(0.4262934613454952, first.PValue!.Value, 10);
        Assert.Equal(190.0 / 21 / 26, second.Statistic, 12);
        Assert.Equal(0.0919245790168125, second.PValue!.Value, 10);
    }

    [Fact]
    public void Compute_ScipyLarge10000vs110_IsExactAndTiny()
    {
        // testLarge: n1, n2 = 10000, 110; D = 55275/110000.
        const double delta = 1.0 / 10000 / 110 / 2 / 2;
        var x = Linspace(1, 200, 10000).Select(v => v - delta).ToArray();
        var y = Linspace(2, 100, 110);

        var result = KolmogorovSmirnovTest.Compute(x, y);

        Assert.Equal(55275.0 / 110000, result.Statistic, 12);
        // SciPy's test asserts 4.218847493575595e-15 to 6 decimals: that figure came from the older 1 − P(inside) form, whose
        // round-off floor it is. The current (Viehmann) form, which we follow, gives ≈ 6.26e-26, twice SciPy's one-sided
        // 'less' p-value in the same test (3.1317328311518713e-26), as it must be when only one side contributes.
        Assert.True(Math.Abs(result.PValue!.Value - 4.218847493575595e-15) < 1e-6);
        Assert.True(Math.Abs(result.PValue!.Value - (2 * 3.1317328311518713e-26)) < 1e-3 * 6.26e-26, $"p = {result.PValue:R}");
        Assert.True(result.Drifted);
    }

    [Fact]
    public void Compute_ScipyLargeBoth_AutoUsesKstwoAndExactMatchesToo()
    {
        // testLargeBoth: n1, n2 = 10000, 11000 (larger sample above 10,000 → asymptotic kstwo.sf(D, 5238), Pelz–Good branch).
        const double delta = 1.0 / 10000 / 11000 / 2 / 2;
        var x = Linspace(1, 200, 10000).Select(v => v - delta).ToArray();
        var y = Linspace(2, 200, 11000);

        var result = KolmogorovSmirnovTest.Compute(x, y);

        Assert.Equal(563.0 / 110000, result.Statistic, 12);
        Assert.Equal(0.9990660108966576, result.PValue!.Value, 9);
        Assert.Equal(0.9990456491488628, KolmogorovSmirnovTest.PValue(result.Statistic, 10000, 11000, KolmogorovSmirnovPValueMethod.Exact), 9);
        Assert.Equal(0.9990660108966576, KolmogorovSmirnovTest.PValue(result.Statistic, 10000, 11000, KolmogorovSmirnovPValueMethod.Asymptotic), 9);
        Assert.False(result.Drifted);
    }

    [Fact]
    public void Compute_ScipyMiddlingAndMediumBoth_AsymptoticPValueIsOne()
    {
        // testMiddlingBoth / testMediumBoth: mode='asymp', two-sided p = 1.0.
        Assert.Equal(1.0, KolmogorovSmirnovTest.PValue(2000.0 / 500 / 600, 500, 600, KolmogorovSmirnovPValueMethod.Asymptotic), 12);
        Assert.Equal(1.0, KolmogorovSmirnovTest.PValue(6600.0 / 1000 / 1100, 1000, 1100, KolmogorovSmirnovPValueMethod.Asymptotic), 12);
    }

    [Fact]
    public void ComputeInPlace_SortsCallerSpansAndAgreesWithCompute()
    {
        var x = new[] { 5.0, 1.0, 3.0, 9.0, 7.0 };
        var y = new[] { 2.0, 8.0, 4.0, 6.0 };
        var copy = KolmogorovSmirnovTest.Compute(x, y);

        var inPlace = KolmogorovSmirnovTest.ComputeInPlace(x, y);

        Assert.Equal(copy, inPlace);
        Assert.Equal(new[] { 1.0, 3.0, 5.0, 7.0, 9.0 }, x);
    }

    [Fact]
    public void Compute_BadInput_ThrowsNamingTheArgument()
    {
        Assert.Equal("reference", Assert.Throws<InvalidMonitoringInputException>(() => KolmogorovSmirnovTest.Compute([], [1.0])).Parameter);
        Assert.Equal("current", Assert.Throws<InvalidMonitoringInputException>(() => KolmogorovSmirnovTest.Compute([1.0], [2.0, double.NaN])).Parameter);
        Assert.Equal("alpha", Assert.Throws<InvalidMonitoringInputException>(() => KolmogorovSmirnovTest.Compute([1.0], [2.0], alpha: 1.5)).Parameter);
        Assert.Equal("sortedReference", Assert.Throws<InvalidMonitoringInputException>(() => KolmogorovSmirnovTest.ComputeSorted([2.0, 1.0], [2.0])).Parameter);
    }
}
