using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

public sealed class ExperimentStatisticsStoreTests
{
    [Fact]
    public async Task LoadMerged_OfTwoInstances_MergesTheLatestSnapshotOfEach()
    {
        await using var test = await TestRegistry.CreateAsync();
        var store = new ExperimentStatisticsStore(test.Registry);
        var instanceA = new ArmStatisticsRecorder("challenger", 2, QualityMetricKind.Reward);
        var instanceB = new ArmStatisticsRecorder("challenger", 2, QualityMetricKind.Reward);
        instanceA.RecordReward(1);
        await store.SaveAsync("credit", Snapshot("instance-a", instanceA));
        instanceA.RecordReward(3); // a later snapshot of A supersedes the first
        await store.SaveAsync("credit", Snapshot("instance-a", instanceA));
        instanceB.RecordReward(5);
        await store.SaveAsync("credit", Snapshot("instance-b", instanceB));
        // Another experiment whose name shares the prefix is not mixed in.
        await store.SaveAsync("credit", Snapshot("instance-a", instanceB, "exp.two"));

        var merged = await store.LoadMergedAsync("credit", "exp");

        Assert.NotNull(merged);
        Assert.Equal(["instance-a", "instance-b"], merged.Instances.Order());
        var arm = merged.FindArm("challenger")!;
        Assert.Equal(3, arm.Outcomes);
        Assert.Equal(3, arm.PrimaryOutcome.Mean, 12);
        Assert.Null(await store.LoadMergedAsync("credit", "nothing-stored"));
    }

    [Fact]
    public void Merge_OfSnapshotsSharingAnInstance_IsRefused()
    {
        var recorder = new ArmStatisticsRecorder("challenger", 2, QualityMetricKind.Reward);
        var a = Snapshot("instance-a", recorder);
        var ex = Assert.Throws<ExperimentStatisticsMismatchException>(() => ExperimentStatistics.Merge(a, a));
        Assert.Equal("Instances", ex.Field);
    }

    [Fact]
    public void FromUtf8Json_OfInvalidContent_ThrowsNamingTheProblem()
    {
        Assert.Throws<ExperimentStatisticsMismatchException>(() => ExperimentStatistics.FromUtf8Json("{\"experimentName\": 3}"u8));
        Assert.Throws<ExperimentStatisticsMismatchException>(() => ExperimentStatistics.FromUtf8Json("""{"experimentName":"e","instances":["i"],"arms":[{"arm":"a","kind":"Reward","latency":{"bins":{"-4":1}}}]}"""u8));
    }

    private static ExperimentStatistics Snapshot(string instance, ArmStatisticsRecorder recorder, string experiment = "exp") => new()
    {
        ExperimentName = experiment,
        Instances = [instance],
        Arms = [recorder.Snapshot()],
    };
}
