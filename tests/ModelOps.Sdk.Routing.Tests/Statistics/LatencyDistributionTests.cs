using FsCheck.Xunit;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

public sealed class LatencyDistributionTests
{
    [Property(MaxTest = 200)]
    public void Quantiles_AreWithinOnePercentOfTheExactLowerQuantile(int[] seeds, byte q)
    {
        if (seeds.Length == 0)
        {
            return;
        }

        // Latencies from 1 us to 100 s.
        var latencies = seeds.Select(s => TimeSpan.FromTicks((long)(10 * Math.Pow(10, (Math.Abs(s) % 8000) / 1000.0)))).ToArray();
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward);
        foreach (var latency in latencies)
        {
            recorder.RecordCall(latency, failed: false);
        }

        var distribution = recorder.Snapshot().Latency;
        var sorted = latencies.Order().ToArray();
        foreach (var quantile in new[] { q / 255.0, 0.5, 0.95, 0.99 })
        {
            // numpy.quantile(method="lower"): the element of rank floor(q (n - 1)).
            var exact = sorted[(int)Math.Floor(quantile * (sorted.Length - 1))];
            var estimate = distribution.Quantile(quantile);
            var relativeError = Math.Abs(estimate.Ticks - exact.Ticks) / (double)exact.Ticks;
            // 1% from the sketch, plus rounding of the estimate to whole ticks (100 ns) near 1 us.
            Assert.True(relativeError <= LatencyDistribution.RelativeAccuracy + (0.5 / exact.Ticks) + 1e-12, $"q={quantile}: {estimate} vs exact {exact} ({relativeError:P3})");
        }
    }

    [Fact]
    public void Percentiles_OfOneToAThousandMilliseconds_AreTheKnownValues()
    {
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward);
        for (var ms = 1; ms <= 1000; ms++)
        {
            recorder.RecordCall(TimeSpan.FromMilliseconds(ms), failed: ms % 100 == 0);
        }

        var stats = recorder.Snapshot();
        Assert.Equal(1000, stats.Calls);
        Assert.Equal(10, stats.Errors);
        Assert.Equal(0.01, stats.ErrorRate, 12);
        // Ranks floor(q * 999): 499 -> 500 ms, 949 -> 950 ms, 989 -> 990 ms.
        Assert.InRange(stats.Latency.P50.TotalMilliseconds, 500 * 0.99, 500 * 1.01);
        Assert.InRange(stats.Latency.P95.TotalMilliseconds, 950 * 0.99, 950 * 1.01);
        Assert.InRange(stats.Latency.P99.TotalMilliseconds, 990 * 0.99, 990 * 1.01);
    }

    [Fact]
    public void Empty_HasZeroQuantiles_AndRejectsQuantilesOutsideZeroToOne()
    {
        Assert.Equal(TimeSpan.Zero, LatencyDistribution.Empty.P99);
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyDistribution.Empty.Quantile(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyDistribution(new Dictionary<int, long> { [-1] = 3 }));
    }

    [Fact]
    public async Task RecordCall_FromManyThreads_CountsEveryCall()
    {
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                recorder.RecordCall(TimeSpan.FromMicroseconds(100 + i), failed: i % 10 == 0);
            }
        })));

        var stats = recorder.Snapshot();
        Assert.Equal(80_000, stats.Calls);
        Assert.Equal(8_000, stats.Errors);
        Assert.Equal(80_000, stats.Latency.Count);
    }
}
