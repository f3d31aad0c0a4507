using FsCheck;
using FsCheck.Xunit;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Abstractions.Tests.Telemetry;

public sealed class ScorerTelemetrySnapshotTests
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A call as an instance sees it: which instance served it, whether it failed, whether it was timed, and how long it took.</summary>
    public readonly record struct ScoringCall(int Instance, bool Failed, bool Timed, int Microseconds);

    [Property(MaxTest = 200)]
    public void Merge_SnapshotsOfInstances_EqualsSnapshotOfTheCombinedCalls(ScoringCall[] calls)
    {
        var normalized = calls.Select(static c => c with { Instance = Math.Abs(c.Instance % 3), Microseconds = Math.Abs(c.Microseconds % 20_000_000) }).ToList();
        var perInstance = normalized.GroupBy(static c => c.Instance).Select(g => Snapshot($"host-{g.Key}", [.. g])).ToList();
        if (perInstance.Count == 0)
        {
            return;
        }

        var merged = perInstance.Aggregate(ScorerTelemetrySnapshot.Merge);
        var reversed = Enumerable.Reverse(perInstance).Aggregate(ScorerTelemetrySnapshot.Merge);
        var combined = Snapshot("all", normalized) with { Instances = [.. perInstance.SelectMany(static s => s.Instances).Order(StringComparer.Ordinal)] };

        Assert.Equal(combined, merged);
        Assert.Equal(combined, reversed);
        Assert.Equal(combined.Latency.EstimateQuantile(0.99), merged.Latency.EstimateQuantile(0.99));
    }

    [Property(MaxTest = 200)]
    public void EstimateQuantile_AnyLatencies_LiesInTheBucketOfTheTrueQuantile(PositiveInt[] microseconds, byte percent)
    {
        var latencies = microseconds.Select(static m => TimeSpan.FromTicks(m.Get % 100_000_000)).ToList();
        if (latencies.Count == 0)
        {
            return;
        }

        var q = percent / 255.0;
        var histogram = ScorerLatencyHistogram.FromLatencies(latencies);
        var sorted = latencies.Order().ToList();
        var rank = Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1);
        var truth = ScorerLatencyHistogram.BucketOf(sorted[rank].TotalSeconds);
        var estimate = histogram.EstimateQuantile(q)!.Value.TotalSeconds;
        var bounds = ScorerLatencyHistogram.BucketUpperBoundsSeconds;
        var lower = truth == 0 ? 0 : bounds[truth - 1];
        var upper = truth < bounds.Count ? bounds[truth] : bounds[^1];
        Assert.InRange(estimate, lower - 1e-12, upper + 1e-12);
    }

    [Fact]
    public void FromJson_RoundTrip_KeepsEveryFigure()
    {
        var snapshot = Snapshot("host-1", [new ScoringCall(0, true, true, 1200), new ScoringCall(0, false, true, 30), new ScoringCall(0, false, false, 0)]);

        Assert.Equal(snapshot, ScorerTelemetrySnapshot.FromJson(snapshot.ToJson()));
    }

    [Fact]
    public void FromJson_NewerSchema_RefusedNamingTheVersion()
    {
        var json = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(Snapshot("a", []).ToJson()).Replace("\"schemaVersion\":1", "\"schemaVersion\":9", StringComparison.Ordinal));

        var error = Assert.Throws<StorageFormatException>(() => ScorerTelemetrySnapshot.FromJson(json));
        Assert.Contains("schema version 9", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public void FromJson_AnyBucketCounts_ReadBackAsWrittenInTheSameShape(NonNegativeInt[] counts)
    {
        var buckets = ScorerLatencyHistogram.BucketUpperBoundsSeconds.Count + 1;
        var latency = new ScorerLatencyHistogram([.. Enumerable.Range(0, buckets).Select(i => i < counts.Length ? (long)counts[i].Get * 1_000_003 : 0)]);
        var snapshot = Snapshot("a", []) with { Latency = latency };

        var json = snapshot.ToJson();

        Assert.Contains($"\"latency\":{{\"counts\":[{string.Join(',', latency.Counts)}]}}", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        var read = ScorerTelemetrySnapshot.FromJson(json);
        Assert.Equal(latency.Counts, read.Latency.Counts);
        Assert.Equal(latency.Count, read.Latency.Count);
    }

    [Theory]
    [InlineData("{\"counts\":[1,2,3]}", "23 buckets; 3 counts were given")]
    [InlineData("{\"counts\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,-1]}", "cannot be negative (-1)")]
    [InlineData("{\"counts\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,\"7\"]}", "whole number, not String")]
    [InlineData("{\"buckets\":[1]}", "no bucket counts")]
    [InlineData("[1,2]", "JSON object holding its bucket counts")]
    public void FromJson_LatencyNotAHistogram_RefusedSayingWhy(string latency, string reason)
    {
        var text = System.Text.Encoding.UTF8.GetString(Snapshot("a", []).ToJson());
        var start = text.IndexOf("\"latency\":", StringComparison.Ordinal) + "\"latency\":".Length;
        var end = text.IndexOf('}', start) + 1;
        var json = System.Text.Encoding.UTF8.GetBytes(text[..start] + latency + text[end..]);

        var error = Assert.Throws<StorageFormatException>(() => ScorerTelemetrySnapshot.FromJson(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_CountsNamedInAnotherCaseAndAnUnknownProperty_ReadAsBefore()
    {
        var text = System.Text.Encoding.UTF8.GetString(Snapshot("a", [new ScoringCall(0, false, true, 30)]).ToJson());
        var json = System.Text.Encoding.UTF8.GetBytes(text.Replace("{\"counts\":", "{\"unit\":{\"name\":\"s\"},\"Counts\":", StringComparison.Ordinal));

        Assert.Equal(1, ScorerTelemetrySnapshot.FromJson(json).Latency.Count);
    }

    [Fact]
    public void Merge_OtherVersion_Refused()
    {
        var a = Snapshot("a", []);

        Assert.Throws<ArgumentException>(() => ScorerTelemetrySnapshot.Merge(a, a with { ModelVersion = 2 }));
    }

    private static ScorerTelemetrySnapshot Snapshot(string instance, IReadOnlyList<ScoringCall> calls) => new()
    {
        Instances = [instance],
        ModelName = "credit",
        ModelVersion = 1,
        PeriodStart = Hour,
        PeriodEnd = Hour.AddHours(1),
        Calls = calls.Count,
        Errors = calls.Count(static c => c.Failed),
        Latency = ScorerLatencyHistogram.FromLatencies(calls.Where(static c => c.Timed).Select(static c => TimeSpan.FromTicks(c.Microseconds * 10L))),
    };
}
