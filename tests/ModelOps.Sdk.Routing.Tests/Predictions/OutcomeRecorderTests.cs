using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.PredictionLog;
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

    [Fact]
    public async Task RecordOutcomeAsync_WithoutPredicted_ReadsItFromThePredictionLogOfAnotherInstanceAfterRestart()
    {
        var root = Directory.CreateTempSubdirectory("modelops-outcomes-log-").FullName;
        var log = Path.Combine(root, "predictions");
        try
        {
            var definition = new ExperimentBuilder(RoutingHost.Model, "logged").WithChampionAlias("champion").AddChallengerAlias("next", "challenger")
                .WithMetric(QualityMetricKind.Regression).Build();
            var inputs = Enumerable.Range(0, 40).Select(i => new Applicant { Region = "EU", Income = 90000 + i, Age = 30 + i }).ToArray();
            string[] ids;
            await using (var serving = await RoutingHost.CreateAsync(fileSystemRoot: root, services: s => s.AddModelOps().AddJsonLinesPredictionLog(o =>
            {
                (o.Directory, o.FilePrefix, o.HashKey) = (log, "serving", Convert.ToBase64String(new byte[32]));
                o.RedactedFields["income"] = FieldRedaction.Hash;
                o.RedactedFields["age"] = FieldRedaction.Remove;
            })))
            {
                await serving.Store.SaveAsync(definition, "start");
                await using var scorer = await serving.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "logged", d => d.Score);
                ids = inputs.Select(input => scorer.Score(input).Id.ToString()).ToArray();
            }

            // The serving host is gone (its container drained and closed the log); a labelling instance with its own sink reads it.
            await using var labelling = await RoutingHost.CreateAsync(o => o.InstanceId = "labeller", fileSystemRoot: root, services: s => s.AddModelOps().AddJsonLinesPredictionLog(o => (o.Directory, o.FilePrefix) = (log, "labeller")));
            foreach (var id in ids)
            {
                Assert.True(await labelling.Outcomes.RecordOutcomeAsync(id, actual: 1.0));
            }

            // Version 1 scores 0.1 and version 2 scores 0.2: the logged predicted values give MAE 0.9 and 0.8 against actual 1.
            var statistics = labelling.Recorders.Snapshot(RoutingHost.Model, "logged");
            var champion = statistics.FindArm("champion", 1)!;
            var challenger = statistics.FindArm("next", 2)!;
            Assert.Equal(40, champion.Outcomes + challenger.Outcomes);
            Assert.True(champion.Outcomes > 0 && challenger.Outcomes > 0);
            Assert.Equal(0.9, champion.Regression!.Mae, 12);
            Assert.Equal(0.8, challenger.Regression!.Mae, 12);
            var text = string.Concat(Directory.GetFiles(log).Select(File.ReadAllText));
            Assert.DoesNotContain("\"income\":9", text, StringComparison.Ordinal);
            Assert.Equal(40, text.Split("\"income\":\"").Length - 1);
            Assert.DoesNotContain("\"age\":", text, StringComparison.Ordinal);
            Assert.Contains("\"region\":\"EU\"", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task RecordOutcomeAsync_WithoutPredicted_UnloggedIdOrNoLog_ThrowsDocumentedExceptionsAndRecordsNothing()
    {
        var log = Directory.CreateTempSubdirectory("modelops-outcomes-log-").FullName;
        try
        {
            await using var withLog = await RoutingHost.CreateAsync(services: s => s.AddModelOps().AddJsonLinesPredictionLog(o => o.Directory = log));
            await withLog.Store.SaveAsync(new ExperimentBuilder(RoutingHost.Model, "outcomes").WithChampionAlias("champion").AddChallengerAlias("next", "challenger").Build(), "start");
            await using (var scorer = await withLog.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "outcomes"))
            {
                var withoutScore = scorer.Score(Input).Id;
                var noPredicted = await Assert.ThrowsAsync<PredictionNotLoggedException>(async () => await withLog.Outcomes.RecordOutcomeAsync(withoutScore.ToString(), 1));
                Assert.Equal(withoutScore, noPredicted.PredictionId);
                Assert.Contains("output score function", noPredicted.Message, StringComparison.Ordinal);
            }

            var unknown = await Assert.ThrowsAsync<PredictionNotLoggedException>(async () => await withLog.Outcomes.RecordOutcomeAsync("credit:outcomes:next:2:0011223344556677", 1));
            Assert.Contains("credit:outcomes:next:2:0011223344556677", unknown.Message, StringComparison.Ordinal);
            Assert.False(await withLog.Outcomes.RecordOutcomeAsync("credit::champion:1:0011223344556677", 1));
            Assert.DoesNotContain(withLog.Recorders.Snapshot(RoutingHost.Model, "outcomes").Arms, a => a.Outcomes > 0);

            await using var withoutLog = await RoutingHost.CreateAsync();
            var noLog = await Assert.ThrowsAsync<InvalidOperationException>(async () => await withoutLog.Outcomes.RecordOutcomeAsync("credit:outcomes:next:2:0011223344556677", 1));
            Assert.Contains("AddJsonLinesPredictionLog", noLog.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(log, recursive: true);
        }
    }
}
