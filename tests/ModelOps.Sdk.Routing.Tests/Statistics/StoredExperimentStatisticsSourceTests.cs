using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

public sealed class StoredExperimentStatisticsSourceTests
{
    [Fact]
    public async Task StoredSource_MergesEveryInstancesSavedSnapshot()
    {
        await using var test = await TestRegistry.CreateAsync("credit");
        var store = new ExperimentStatisticsStore(test.Registry);
        foreach (var instance in new[] { "web-1", "web-2" })
        {
            var recorder = new ArmStatisticsRecorder("bigger", 2, QualityMetricKind.BinaryClassification);
            recorder.RecordCall(TimeSpan.FromMilliseconds(3), failed: false);
            await store.SaveAsync("credit", new ExperimentStatistics { ExperimentName = "more-data", Instances = [instance], Arms = [recorder.Snapshot()] });
        }

        var source = new StoredExperimentStatisticsSource(store);
        var merged = await source.GetAsync("credit", "more-data");
        Assert.Equal(2, merged.FindArm("bigger")!.Calls);
        Assert.Empty((await source.GetAsync("credit", "none")).Arms);
    }
}
