using FsCheck;
using FsCheck.Xunit;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

/// <summary>Merging the statistics of two parts of a stream gives the statistics of the whole stream, for every metric kind.</summary>
public sealed class ArmStatisticsProperties
{
    /// <summary>One generated call: latency in microseconds (spread over decades), failure, and an outcome.</summary>
    public sealed record Observation(int LatencyMicros, bool Failed, bool Actual, byte Score, short Value, short Other);

    [Property(MaxTest = 150)]
    public void Merge_OfTwoParts_EqualsStatisticsOfAll(Observation[] observations, byte splitAt, QualityMetricKind kind, bool shadow)
    {
        var split = observations.Length == 0 ? 0 : splitAt % (observations.Length + 1);
        var all = Recorder(kind);
        var first = Recorder(kind);
        var second = Recorder(kind);
        for (var i = 0; i < observations.Length; i++)
        {
            Record(all, observations[i], kind, shadow);
            Record(i < split ? first : second, observations[i], kind, shadow);
        }

        var merged = ArmStatistics.Merge(first.Snapshot(), second.Snapshot());
        StatisticsAssert.Equal(all.Snapshot(), merged);
        // Merge is commutative and the empty statistics are its identity.
        StatisticsAssert.Equal(merged, ArmStatistics.Merge(second.Snapshot(), first.Snapshot()));
        StatisticsAssert.Equal(merged, ArmStatistics.Merge(merged, Recorder(kind).Snapshot()));
    }

    [Property(MaxTest = 100)]
    public void Json_RoundTrip_KeepsEverything(Observation[] observations, QualityMetricKind kind, bool shadow)
    {
        var recorder = Recorder(kind);
        foreach (var o in observations)
        {
            Record(recorder, o, kind, shadow);
        }

        var statistics = new ExperimentStatistics
        {
            ExperimentName = "exp",
            Instances = ["instance-1"],
            CapturedAt = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero),
            Arms = [recorder.Snapshot()],
        };
        var read = ExperimentStatistics.FromUtf8Json(statistics.ToUtf8Json());
        Assert.Equal(statistics.ExperimentName, read.ExperimentName);
        Assert.Equal(statistics.Instances, read.Instances);
        Assert.Equal(statistics.CapturedAt, read.CapturedAt);
        StatisticsAssert.Equal(statistics.Arms[0], Assert.Single(read.Arms));
    }

    [Property(MaxTest = 200)]
    public void RunningMoments_MatchTwoPassMeanAndVariance(NormalFloat[] values, byte splitAt)
    {
        var xs = values.Select(v => Math.Clamp(v.Get, -1e6, 1e6)).ToArray();
        var split = xs.Length == 0 ? 0 : splitAt % (xs.Length + 1);
        var left = xs.Take(split).Aggregate(default(RunningMoments), (m, x) => m.Add(x));
        var right = xs.Skip(split).Aggregate(default(RunningMoments), (m, x) => m.Add(x));
        var merged = RunningMoments.Merge(left, right);
        Assert.Equal(xs.Length, merged.Count);
        if (xs.Length == 0)
        {
            return;
        }

        var mean = xs.Average();
        var m2 = xs.Sum(x => (x - mean) * (x - mean));
        Assert.True(Math.Abs(mean - merged.Mean) <= 1e-9 * (1 + xs.Max(Math.Abs)), $"mean {mean} vs {merged.Mean}");
        Assert.True(Math.Abs(m2 - merged.M2) <= 1e-8 * (1 + m2 + (xs.Max(Math.Abs) * xs.Max(Math.Abs))), $"M2 {m2} vs {merged.M2}");
    }

    private static ArmStatisticsRecorder Recorder(QualityMetricKind kind) => new("challenger", 2, kind);

    private static void Record(ArmStatisticsRecorder recorder, Observation o, QualityMetricKind kind, bool shadow)
    {
        // Spread latencies from 1 us to about 10 s so many bins are used.
        var micros = Math.Pow(10, Math.Abs(o.LatencyMicros % 7000) / 1000.0);
        recorder.RecordCall(TimeSpan.FromMicroseconds(micros), o.Failed);
        var score = o.Score / 255.0;
        switch (kind)
        {
            case QualityMetricKind.BinaryClassification:
                recorder.RecordBinaryOutcome(o.Actual, score);
                break;
            case QualityMetricKind.Regression:
                recorder.RecordRegressionOutcome(o.Value / 10.0, o.Other / 10.0);
                break;
            default:
                recorder.RecordReward(o.Value / 7.0);
                break;
        }

        if (shadow)
        {
            var other = kind == QualityMetricKind.BinaryClassification ? (o.Other & 0xFF) / 255.0 : o.Other / 10.0;
            recorder.RecordShadowComparison(kind == QualityMetricKind.BinaryClassification ? score : o.Value / 10.0, other);
        }
    }
}
