using FsCheck.Xunit;
using ModelOps.Sdk.Monitoring.Drift;

namespace ModelOps.Sdk.Monitoring.Tests.Properties;

/// <summary>Invariants of the drift methods over random samples and histograms.</summary>
public sealed class DriftMethodProperties
{
    [Property(Arbitrary = [typeof(DriftArbitraries)], MaxTest = 300)]
    public void KolmogorovSmirnov_StatisticEqualsBruteForceSupOverBothEcdfs(SamplePair pair)
    {
        // Brute force: evaluate both right-continuous ECDFs at every pooled value (scipy's searchsorted side='right').
        var (a, b) = (pair.Reference, pair.Current);
        var expected = a.Concat(b).Max(x => Math.Abs((a.Count(v => v <= x) / (double)a.Length) - (b.Count(v => v <= x) / (double)b.Length)));

        var result = KolmogorovSmirnovTest.Compute(a, b);

        Assert.Equal(expected, result.Statistic, 12);
        Assert.InRange(result.PValue!.Value, 0.0, 1.0);
    }

    [Property(Arbitrary = [typeof(DriftArbitraries)], MaxTest = 200)]
    public void RawValueMethods_DoNotDependOnRowOrder(SamplePair pair)
    {
        var reversedReference = pair.Reference.Reverse().ToArray();
        var rotatedCurrent = pair.Current.Skip(pair.Current.Length / 2).Concat(pair.Current.Take(pair.Current.Length / 2)).ToArray();

        Assert.Equal(KolmogorovSmirnovTest.Compute(pair.Reference, pair.Current), KolmogorovSmirnovTest.Compute(reversedReference, rotatedCurrent));
        Assert.Equal(WassersteinDistance.Unnormalized(pair.Reference, pair.Current), WassersteinDistance.Unnormalized(reversedReference, rotatedCurrent), 9);
    }

    [Property(Arbitrary = [typeof(DriftArbitraries)], MaxTest = 200)]
    public void KolmogorovSmirnovBinned_BoundsTheRawStatistic(SamplePair pair)
    {
        // Bin both samples on the reference's quartile edges; D_b ≤ D ≤ D_b + bound, and bound ≤ largest bin mass.
        var sorted = pair.Reference.Order().ToArray();
        var edges = new[] { 0.25, 0.5, 0.75 }.Select(q => sorted[(int)(q * (sorted.Length - 1))]).Distinct().ToArray();
        long[] Bin(double[] values)
        {
            var counts = new long[edges.Length + 1];
            foreach (var v in values)
            {
                var k = 0;
                while (k < edges.Length && v >= edges[k])
                {
                    k++;
                }

                counts[k]++;
            }

            return counts;
        }

        var (r, c) = (Bin(pair.Reference), Bin(pair.Current));
        var exact = KolmogorovSmirnovTest.Compute(pair.Reference, pair.Current).Statistic;

        var binned = KolmogorovSmirnovTest.ComputeBinned(r, c);

        var largestMass = r.Zip(c).Max(t => Math.Max(t.First / (double)r.Sum(), t.Second / (double)c.Sum()));
        Assert.True(binned.IsApproximate);
        Assert.True(binned.Statistic <= exact + 1e-12, $"D_b {binned.Statistic} > D {exact}");
        Assert.True(exact <= binned.Statistic + binned.ErrorBound + 1e-12, $"D {exact} > D_b {binned.Statistic} + {binned.ErrorBound}");
        Assert.True(binned.ErrorBound <= largestMass + 1e-12);
    }

    [Property(Arbitrary = [typeof(DriftArbitraries)], MaxTest = 200)]
    public void WassersteinBinned_IsWithinItsErrorBound(SamplePair pair)
    {
        var all = pair.Reference.Concat(pair.Current).ToArray();
        var sorted = pair.Reference.Order().ToArray();
        var inner = new[] { 0.2, 0.4, 0.6, 0.8 }.Select(q => sorted[(int)(q * (sorted.Length - 1))]);
        var edges = new[] { all.Min() }.Concat(inner).Append(all.Max()).Distinct().Order().ToArray();
        if (edges.Length < 2)
        {
            edges = [edges[0], edges[0]];
        }

        long[] Bin(double[] values)
        {
            var counts = new long[edges.Length - 1];
            foreach (var v in values)
            {
                var k = 0;
                while (k < counts.Length - 1 && v >= edges[k + 1])
                {
                    k++;
                }

                counts[k]++;
            }

            return counts;
        }

        var exact = WassersteinDistance.Unnormalized(pair.Reference, pair.Current);

        var binned = WassersteinDistance.ComputeBinned(edges, Bin(pair.Reference), Bin(pair.Current), referenceStandardDeviation: 1.0);

        Assert.True(Math.Abs(binned.Statistic - exact) <= binned.ErrorBound + 1e-9, $"binned {binned.Statistic}, exact {exact}, bound {binned.ErrorBound}");
    }

    [Property(Arbitrary = [typeof(DriftArbitraries)], MaxTest = 300)]
    public void PopulationStabilityIndex_IsNonNegativeAndZeroForIdenticalOrProportional(CountPair pair)
    {
        Assert.True(PopulationStabilityIndex.Compute(pair.Reference, pair.Current).Statistic >= 0);
        Assert.True(PopulationStabilityIndex.Compute(pair.Reference, pair.Current, smoothing: 0).UnsmoothedStatistic >= 0);
        Assert.Equal(0.0, PopulationStabilityIndex.Compute(pair.Reference, pair.Reference).Statistic, 12);
        Assert.Equal(0.0, PopulationStabilityIndex.Compute(pair.Reference, pair.Reference.Select(c => c * 3).ToArray()).Statistic, 12);
    }

    [Property(Arbitrary = [typeof(DriftArbitraries)], MaxTest = 300)]
    public void JensenShannonAndHellinger_AreSymmetricAndInUnitInterval(CountPair pair)
    {
        var forward = JensenShannonDistance.Compute(pair.Reference, pair.Current);
        var backward = JensenShannonDistance.Compute(pair.Current, pair.Reference);
        var hellinger = HellingerDistance.Compute(pair.Reference, pair.Current);

        Assert.Equal(forward.Statistic, backward.Statistic, 12);
        Assert.Equal(forward.UnsmoothedStatistic, backward.UnsmoothedStatistic, 12);
        Assert.InRange(forward.Statistic, 0.0, 1.0);
        Assert.InRange(forward.UnsmoothedStatistic, 0.0, 1.0);
        Assert.InRange(hellinger.Statistic, 0.0, 1.0);
        Assert.Equal(hellinger.Statistic, HellingerDistance.Compute(pair.Current, pair.Reference).Statistic, 12);
        Assert.Equal(0.0, JensenShannonDistance.Compute(pair.Reference, pair.Reference).Statistic, 7);
    }

    [Property(Arbitrary = [typeof(DriftArbitraries)], MaxTest = 200)]
    public void BinnedMethods_DoNotDependOnTheOrderOfCategories(CountPair pair)
    {
        var order = Enumerable.Range(0, pair.Reference.Length).Reverse().ToArray();
        var r = order.Select(i => pair.Reference[i]).ToArray();
        var c = order.Select(i => pair.Current[i]).ToArray();

        Assert.Equal(PopulationStabilityIndex.Compute(pair.Reference, pair.Current).Statistic, PopulationStabilityIndex.Compute(r, c).Statistic, 10);
        Assert.Equal(JensenShannonDistance.Compute(pair.Reference, pair.Current).Statistic, JensenShannonDistance.Compute(r, c).Statistic, 10);
        Assert.Equal(HellingerDistance.Compute(pair.Reference, pair.Current).Statistic, HellingerDistance.Compute(r, c).Statistic, 10);
        Assert.Equal(ChiSquareTest.Compute(pair.Reference, pair.Current).PValue!.Value, ChiSquareTest.Compute(r, c).PValue!.Value, 10);
    }
}
