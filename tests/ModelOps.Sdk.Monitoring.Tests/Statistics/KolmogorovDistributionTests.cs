using ModelOps.Sdk.Monitoring.Statistics;

namespace ModelOps.Sdk.Monitoring.Tests.Statistics;

public sealed class KolmogorovDistributionTests
{
    // Simard and L'Ecuyer (2011), Table 1, as checked by SciPy (scipy/stats/tests/test_distributions.py,
    // TestKSTwo.test_simard_lecuyer_table1, rtol 1e-5): P(D_n ≤ x) at x = ratio · ln 2 · √(π / (2n)).
    public static TheoryData<int, double, double> SimardLecuyerTable1()
    {
        int[] ns = [10, 50, 100, 200, 500, 1000];
        double[] ratios = [1.0 / 4, 1.0 / 3, 1.0 / 2, 1, 2, 3];
        double[][] expected =
        [
            [1.92155292e-08, 5.72933228e-05, 0.0215233226, 0.631566589, 0.997685592, 0.999999942],
            [2.28096224e-09, 1.99142563e-05, 0.0142617934, 0.595345542, 0.996177701, 0.999998662],
            [1.00201886e-09, 1.32673079e-05, 0.0124608594, 0.58616322, 0.995866877, 0.99999824],
            [4.93313022e-10, 9.52658029e-06, 0.0112123138, 0.579486872, 0.995661824, 0.999997964],
            [2.37049293e-10, 6.85002458e-06, 0.0101309221, 0.573427224, 0.995491207, 0.99999775],
            [1.56990874e-10, 5.71738276e-06, 0.0095972543, 0.570322692, 0.995409545, 0.999997657],
        ];
        var data = new TheoryData<int, double, double>();
        for (var i = 0; i < ns.Length; i++)
        {
            for (var j = 0; j < ratios.Length; j++)
            {
                data.Add(ns[i], ratios[j] * Math.Log(2) * Math.Sqrt(Math.PI / 2 / ns[i]), expected[i][j]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SimardLecuyerTable1))]
    public void CumulativeDistribution_MatchesSimardLecuyerTable1(int n, double x, double expected)
    {
        var cdf = KolmogorovDistribution.CumulativeDistribution(x, n);
        var sf = KolmogorovDistribution.SurvivalFunction(x, n);

        Assert.True(Math.Abs(cdf - expected) <= 1e-5 * expected, $"n={n} x={x}: cdf {cdf:R} vs {expected:R}");
        Assert.True(Math.Abs(sf - (1 - expected)) <= (1e-5 * expected) + 1e-15, $"n={n} x={x}: sf {sf:R} vs {1 - expected:R}");

        // The table has 9 significant digits; the p-value agrees with it to 1e-6 absolute, the tolerance the issue asks of ks_2samp.
        Assert.True(Math.Abs(sf - (1 - expected)) <= 1e-6, $"n={n} x={x}: sf {sf:R} vs {1 - expected:R} (|diff| {Math.Abs(sf - (1 - expected)):E2})");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(1000)]
    public void CumulativeDistribution_ExactEndpoints_MatchRubenGambino(int n)
    {
        // SciPy TestKSTwo.test_cdf: cdf(0.5/n) = 0, cdf(1/n) = n!/n^n, cdf(1 − 1/n) = 1 − 2/n^n, cdf(1) = 1.
        var factorialOverPower = Math.Exp(Enumerable.Range(1, n).Sum(i => Math.Log(i)) - (n * Math.Log(n)));
        Assert.Equal(0.0, KolmogorovDistribution.CumulativeDistribution(0.5 / n, n));
        Assert.Equal(factorialOverPower, KolmogorovDistribution.CumulativeDistribution(1.0 / n, n), 1e-12 * Math.Max(factorialOverPower, 1e-300));
        Assert.Equal(Math.Max(1 - (2 * Math.Pow(1.0 / n, n)), 0), KolmogorovDistribution.CumulativeDistribution(1 - (1.0 / n), n), 12);
        Assert.Equal(1.0, KolmogorovDistribution.CumulativeDistribution(1.0, n));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(60)]
    [InlineData(140)]
    [InlineData(141)]
    [InlineData(5000)]
    [InlineData(200000)]
    public void SurvivalFunction_IsMonotoneAndComplementsCdf(int n)
    {
        var previous = 1.0;
        for (var k = 1; k < 400; k++)
        {
            var x = k / 400.0;
            var sf = KolmogorovDistribution.SurvivalFunction(x, n);
            var cdf = KolmogorovDistribution.CumulativeDistribution(x, n);
            Assert.InRange(sf, 0.0, 1.0);
            Assert.True(sf <= previous + 1e-7, $"n={n} x={x}: sf {sf} rose above {previous}");
            Assert.True(Math.Abs(sf + cdf - 1) < 1e-6, $"n={n} x={x}: sf {sf} + cdf {cdf} != 1");
            previous = sf;
        }
    }

    [Theory]
    [InlineData(141)]
    [InlineData(5000)]
    [InlineData(100000)]
    [InlineData(500000)]
    [InlineData(2000000)]
    public void SurvivalFunction_AgreesAcrossSciPysSwitchFromPelzGoodToTwiceSmirnov(int n)
    {
        // For n > 140 SciPy computes the survival as 1 − (Pelz–Good) below n·x² = 2.2 and as 2·smirnov(n, x) above it. At the
        // switch the two-sided correction P(D+ ≥ x, D− ≥ x) is about e^{−8·2.2} ≈ 2e-8, so both sides must agree to 1e-6: this
        // checks the Birnbaum–Tingey sum (and its large-n approximation) against an independent formula at sizes up to millions.
        var x = Math.Sqrt(2.2 / n);
        var below = KolmogorovDistribution.SurvivalFunction(x * (1 - 1e-12), n);
        var above = KolmogorovDistribution.SurvivalFunction(x * (1 + 1e-12), n);

        Assert.True(Math.Abs(below - above) < 1e-6, $"n={n}: 1 − PelzGood {below:R} vs 2·smirnov {above:R}");
        Assert.InRange(above, 0.02, 0.03);
    }
}
