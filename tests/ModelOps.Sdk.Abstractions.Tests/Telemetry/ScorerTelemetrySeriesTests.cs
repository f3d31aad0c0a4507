using System.Text;
using FsCheck;
using FsCheck.Xunit;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Abstractions.Tests.Telemetry;

public sealed class ScorerTelemetrySeriesTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Property(MaxTest = 100)]
    public void FromJson_RoundTripOfAnyHoursOfADay_KeepsEverySnapshotInOrder(PositiveInt[] calls)
    {
        var snapshots = calls.Take(ScorerTelemetrySeries.MaxSnapshots)
            .Select((c, hour) => Snapshot(Midnight.AddHours(hour), c.Get, c.Get % 7))
            .ToList();
        if (snapshots.Count == 0)
        {
            return;
        }

        var read = ScorerTelemetrySeries.FromJson(Series(snapshots).ToJson());

        Assert.Equal(("host-a", "credit", 3), (read.InstanceId, read.ModelName, read.ModelVersion));
        Assert.Equal(snapshots, read.Snapshots);
    }

    [Fact]
    public void FromJson_SnapshotOfAnotherVersion_RefusedNamingIt()
    {
        var json = Series([Snapshot(Midnight, 5, 0), Snapshot(Midnight.AddHours(1), 5, 0) with { ModelVersion = 4 }]).ToJson();

        var refused = Assert.Throws<StorageFormatException>(() => ScorerTelemetrySeries.FromJson(json));

        Assert.Contains("'credit' version 4", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_OverlappingOrUnorderedPeriods_Refused()
    {
        var json = Series([Snapshot(Midnight.AddHours(2), 5, 0), Snapshot(Midnight.AddHours(1), 5, 0)]).ToJson();

        var refused = Assert.Throws<StorageFormatException>(() => ScorerTelemetrySeries.FromJson(json));

        Assert.Contains("must be in order and must not overlap", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_PeriodOfTheNextDay_RefusedNamingTheDay()
    {
        var json = Series([Snapshot(Midnight.AddHours(23), 5, 0), Snapshot(Midnight.AddHours(24), 5, 0)]).ToJson();

        var refused = Assert.Throws<StorageFormatException>(() => ScorerTelemetrySeries.FromJson(json));

        Assert.Contains("outside its day 2026-03-01", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_MoreThanMaxSnapshotsOrNone_Refused()
    {
        var many = Enumerable.Range(0, ScorerTelemetrySeries.MaxSnapshots + 1).Select(static m => Snapshot(Midnight.AddMinutes(m), 1, 0)).ToList();

        Assert.Throws<StorageFormatException>(() => ScorerTelemetrySeries.FromJson(Series([.. many.Select(static s => s with { PeriodEnd = s.PeriodStart.AddMinutes(1) })]).ToJson()));
        Assert.Throws<StorageFormatException>(() => ScorerTelemetrySeries.FromJson(Series([]).ToJson()));
    }

    [Fact]
    public void FromJson_NewerSchema_RefusedNamingTheVersion()
    {
        var json = Encoding.UTF8.GetString(Series([Snapshot(Midnight, 5, 0)]).ToJson()).Replace("\"schemaVersion\":1,", "\"schemaVersion\":2,", StringComparison.Ordinal);

        var refused = Assert.Throws<StorageFormatException>(() => ScorerTelemetrySeries.FromJson(Encoding.UTF8.GetBytes(json)));

        Assert.Contains("schema version 2", refused.Message, StringComparison.Ordinal);
    }

    private static ScorerTelemetrySeries Series(IReadOnlyList<ScorerTelemetrySnapshot> snapshots) => new()
    {
        InstanceId = "host-a",
        ModelName = "credit",
        ModelVersion = 3,
        Snapshots = snapshots,
    };

    private static ScorerTelemetrySnapshot Snapshot(DateTimeOffset start, long calls, long errors) => new()
    {
        Instances = ["host-a"],
        ModelName = "credit",
        ModelVersion = 3,
        PeriodStart = start,
        PeriodEnd = start.AddHours(1),
        Calls = calls,
        Errors = errors,
        Latency = ScorerLatencyHistogram.FromLatencies([TimeSpan.FromMilliseconds(calls % 50)]),
    };
}
