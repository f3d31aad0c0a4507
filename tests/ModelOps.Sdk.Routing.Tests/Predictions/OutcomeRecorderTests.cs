using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Predictions;

public sealed class OutcomeRecorderTests
{
    private static readonly Applicant Input = new() { Region = "EU", Income = 50000, Age = 40 };

    [Fact]
    public async Task RecordOutcomeAsync_JoinsTheArmAndVersionThatServedThePrediction()
    {
        await using var host = await RoutingHost.CreateAsync();
        await host.Store.SaveAsync(new ExperimentBuilder(RoutingHost.Model, "outcomes").WithChampionAlias("champion").AddChallengerAlias("next", "challenger").Build(), "start");
        string[] ids;
        await using (var scorer = await host.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "outcomes"))
        {
            ids = Enumerable.Range(0, 100).Select(_ => scorer.Score(Input)).Select(p => p.Id.ToString()).ToArray();
        }

        foreach (var id in ids)
        {
            var parsed = PredictionId.Parse(id);
            // The champion (v1) is always right, the challenger (v2) always wrong: the label is 1 for one, 0 for the other.
            Assert.True(await host.Outcomes.RecordOutcomeAsync(id, parsed.Arm == "champion" ? 1 : 0, 0.9));
        }

        var statistics = host.Recorders.Snapshot(RoutingHost.Model, "outcomes");
        var champion = statistics.FindArm("champion", 1)!;
        var challenger = statistics.FindArm("next", 2)!;
        Assert.Equal(100, champion.Outcomes + challenger.Outcomes);
        Assert.Equal(1.0, champion.Binary!.Accuracy);
        Assert.Equal(0.0, challenger.Binary!.Accuracy);
    }

    [Fact]
    public async Task RecordOutcomeAsync_OnAnotherInstance_ReadsTheMetricFromTheStoredDefinition()
    {
        var root = Directory.CreateTempSubdirectory("modelops-outcomes-").FullName;
        try
        {
            await using var serving = await RoutingHost.CreateAsync(fileSystemRoot: root);
            await using var labelling = await RoutingHost.CreateAsync(o => o.InstanceId = "labeller", fileSystemRoot: root);
            var definition = new ExperimentBuilder(RoutingHost.Model, "regress").WithChampionAlias("champion").AddChallengerAlias("next", "challenger").WithMetric(QualityMetricKind.Regression).Build();
            await serving.Store.SaveAsync(definition, "start");
            await serving.Registry.RefreshAsync();
            await using var scorer = await serving.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "regress");
            var id = scorer.Score(Input).Id;

            await labelling.Registry.RefreshAsync();
            Assert.True(await labelling.Outcomes.RecordOutcomeAsync(id.ToString(), actual: 3, predicted: 1));

            var arm = labelling.Recorders.Snapshot(RoutingHost.Model, "regress").FindArm(id.Arm, id.Version)!;
            Assert.Equal(2.0, arm.Regression!.Mae, 12);
            Assert.Equal(["labeller"], labelling.Recorders.Snapshot(RoutingHost.Model, "regress").Instances);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task RecordOutcomeAsync_BadInput_IsRefusedWithADocumentedException()
    {
        await using var host = await RoutingHost.CreateAsync();
        await host.Store.SaveAsync(new ExperimentBuilder(RoutingHost.Model, "outcomes").WithChampionAlias("champion").AddChallengerAlias("next", "challenger").Build(), "start");

        var garbage = await Assert.ThrowsAsync<InvalidPredictionIdException>(async () => await host.Outcomes.RecordOutcomeAsync("credit:outcomes:next", 1, 0.5));
        Assert.Contains("3 ':'-separated parts", garbage.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidPredictionIdException>(async () => await host.Outcomes.RecordOutcomeAsync("credit:outcomes:next:0:0011223344556677", 1, 0.5));
        await Assert.ThrowsAsync<ExperimentNotFoundException>(async () => await host.Outcomes.RecordOutcomeAsync("credit:ghost:next:2:0011223344556677", 1, 0.5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await host.Outcomes.RecordOutcomeAsync("credit:outcomes:next:2:0011223344556677", 2, 0.5));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await host.Outcomes.RecordRewardAsync("credit:outcomes:next:2:0011223344556677", 5));
        Assert.False(await host.Outcomes.RecordOutcomeAsync("credit::champion:1:0011223344556677", 1, 0.5));
        Assert.Empty(host.Recorders.Snapshot(RoutingHost.Model, "outcomes").Arms);
    }
}
