using ModelOps.Sdk.Explanations;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.ML;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Replay;
using ModelOps.Sdk.Rules;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing.Tests.Replay;

/// <summary>
/// Decisions logged by plain scorers are replayed with the exact version that made them, through the registry and the flavor,
/// by a new service provider over the same filesystem registry and log.
/// </summary>
public sealed class DecisionReplayerTests : IDisposable
{
    private const string RuleTable = """
        {
          "formatVersion": 1,
          "name": "credit-decision",
          "hitPolicy": "FIRST",
          "inputs": [ { "name": "income", "type": "number" }, { "name": "age", "type": "integer" } ],
          "outputs": [ { "name": "decision", "type": "string" }, { "name": "limit", "type": "integer" } ],
          "rules": [
            { "id": "minor", "when": { "age": { "op": "<", "value": 18 } }, "then": { "decision": "DECLINE", "limit": 0 } },
            { "id": "low", "when": { "income": { "op": "<", "value": 1000 } }, "then": { "decision": "DECLINE", "limit": 0 } },
            { "id": "adult", "then": { "decision": "APPROVE", "limit": LIMIT } }
          ]
        }
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("modelops-replay-").FullName;

    private string Registry => Path.Combine(_root, "registry");

    private string Log => Path.Combine(_root, "log");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReplayAsync_MLNetAfterChampionMovedTwiceAndRestart_ReproducesEachVersionsOutput()
    {
        var house = new HouseInput { Size = 3.25f, Rooms = 4 };
        var logged = new List<(string Id, int Version, float Score)>();
        await using (var provider = Provider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            await RegisterHouseAsync(registry, slope: 1);
            await registry.SetAliasAsync("house", "champion", 1);
            var sink = provider.GetRequiredService<IPredictionLogSink>();
            await using var scorer = (await provider.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<HouseInput, HouseOutput>("house", "champion")).WithPredictionLog(sink);
            for (var version = 1; version <= 3; version++)
            {
                if (version > 1)
                {
                    await RegisterHouseAsync(registry, slope: version * 10);
                    await registry.MoveAliasAsync("house", "champion", version, expectedCurrentVersion: version - 1);
                    await scorer.ReloadAsync();
                }

                var prediction = scorer.Score(house);
                Assert.Equal(version, prediction.Model.Version);
                logged.Add((prediction.Id.ToString(), version, prediction.Value.Score));
            }
        }

        // The versions give clearly different answers, so replaying with the wrong one could not pass.
        Assert.Equal(3, logged.Select(l => l.Score).Distinct().Count());
        await using var restarted = Provider();
        var replayer = restarted.GetRequiredService<IDecisionReplayer>();
        foreach (var (id, version, score) in logged)
        {
            var replay = await replayer.ReplayAsync(PredictionId.Parse(id));

            Assert.True(replay.IsReproduced, string.Join("; ", replay.Fields));
            Assert.Equal(("house", version, "mlnet"), (replay.Model.ModelName, replay.Model.Version, replay.Model.Flavor));
            var field = Assert.Single(replay.Fields, f => f.Path == "score");
            Assert.Equal(FieldComparison.Tolerance, field.Comparison);
            Assert.Equal(score, (float)replay.ReplayedOutput["Score"]!);
        }
    }

    [Fact]
    public async Task ReplayAsync_RuleSetNoLongerServed_ReproducesEveryFieldExactly()
    {
        string id;
        await using (var provider = Provider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            await RegisterRulesAsync(registry, limit: 2500);
            await registry.SetAliasAsync("credit", "champion", 1);
            await using var scorer = (await provider.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<Applicant, CreditDecision>("credit", "champion"))
                .WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>());
            var prediction = scorer.Score(new Applicant { Income = 5000, Age = 40 });
            Assert.Equal(("APPROVE", 2500L), (prediction.Value.Decision, prediction.Value.Limit));
            id = prediction.Id.ToString();
            await RegisterRulesAsync(registry, limit: 900);
            await registry.MoveAliasAsync("credit", "champion", 2, expectedCurrentVersion: 1);
            await RegisterRulesAsync(registry, limit: 700);
            await registry.MoveAliasAsync("credit", "champion", 3, expectedCurrentVersion: 2);
        }

        await using var restarted = Provider();
        var replay = (await restarted.GetRequiredService<IDecisionReplayer>().ReplayAsync(PredictionId.Parse(id))).EnsureReproduced();

        Assert.Equal(1, replay.Model.Version);
        Assert.Equal(["decision", "limit"], replay.Fields.Select(f => f.Path));
        Assert.All(replay.Fields, f => Assert.Equal(FieldComparison.Exact, f.Comparison));
        Assert.Equal(2500, (long)replay.ReplayedOutput["limit"]!);
    }

    [Fact]
    public async Task ReplayAsync_DeclinedApplicant_ReturnsTheRuleThatFiredAndItsReasonCode_AsTheVersionExplainsIt()
    {
        string id;
        await using (var provider = Provider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            await RegisterRulesAsync(registry, limit: 2500);
            await registry.SaveReasonCodeTableAsync("credit", 1, new ReasonCodeTable
            {
                Entries = [new ReasonCodeEntry("R01", "Income below the minimum we lend on", RuleId: "low"), new ReasonCodeEntry("R02", "Applicant under 18", RuleId: "minor")],
            });
            await registry.SetAliasAsync("credit", "champion", 1);
            await using var scorer = (await provider.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<Applicant, CreditDecision>("credit", "champion"))
                .WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>());
            var prediction = scorer.Score(new Applicant { Income = 800, Age = 40 });
            Assert.Equal("DECLINE", prediction.Value.Decision);
            id = prediction.Id.ToString();
            await RegisterRulesAsync(registry, limit: 900);
            await registry.MoveAliasAsync("credit", "champion", 2, expectedCurrentVersion: 1);
        }

        await using var restarted = Provider();
        var replay = (await restarted.GetRequiredService<IDecisionReplayer>().ReplayAsync(PredictionId.Parse(id))).EnsureReproduced();

        var explanation = Assert.IsType<DecisionExplanation>(replay.Explanation);
        Assert.Equal(("credit", 1, ExplanationMethod.FiredRules), (explanation.ModelName, explanation.Version, explanation.Method));
        Assert.Equal("low", Assert.Single(explanation.FiredRules).RuleId);
        Assert.Equal(("R01", "Income below the minimum we lend on"), Assert.Single(explanation.ReasonCodes) is var r ? (r.Code, r.Text) : default);
        Assert.Null(replay.ExplanationUnavailable);
    }

    [Fact]
    public async Task ReplayAsync_ExplainOff_ReturnsNoExplanation()
    {
        var id = await LogRuleDecisionAsync();
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(Registry).AddRules().AddJsonLinesPredictionLog(o => o.Directory = Log).AddDecisionReplay(o => o.Explain = false);
        await using var provider = services.BuildServiceProvider();

        var replay = await provider.GetRequiredService<IDecisionReplayer>().ReplayAsync(id);

        Assert.True(replay.IsReproduced);
        Assert.Null(replay.Explanation);
    }

    [Fact]
    public async Task ReplayAsync_AlteredLoggedOutput_IsAReproducibilityFailureNamingVersionAndField()
    {
        var id = await LogRuleDecisionAsync();
        var file = Directory.GetFiles(Log, "*.jsonl").Single();
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"limit\":2500", "\"limit\":2501", StringComparison.Ordinal));

        await using var provider = Provider();
        var replay = await provider.GetRequiredService<IDecisionReplayer>().ReplayAsync(id);

        Assert.False(replay.IsReproduced);
        var differing = Assert.Single(replay.DifferingFields);
        Assert.Equal(("limit", 2501L, 2500L), (differing.Path, (long)differing.Logged!, (long)differing.Replayed!));
        var ex = Assert.Throws<DecisionNotReproducedException>(() => replay.EnsureReproduced());
        Assert.Equal(("credit", 1), (ex.ModelName, ex.Version));
        Assert.Equal(["limit"], ex.Fields);
        Assert.Contains("version 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'limit'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e-9, true)]
    [InlineData(1e-3, false)]
    public async Task ReplayAsync_FloatingPointField_ComparesWithinTheRelativeTolerance(double relativeChange, bool reproduced)
    {
        string id;
        float score;
        await using (var provider = Provider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            await RegisterHouseAsync(registry, slope: 2);
            await using var scorer = (await provider.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<HouseInput, HouseOutput>("house", 1))
                .WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>());
            var prediction = scorer.Score(new HouseInput { Size = 2, Rooms = 3 });
            (id, score) = (prediction.Id.ToString(), prediction.Value.Score);
            Assert.StartsWith("house::pinned:1:", id, StringComparison.Ordinal);
        }

        var file = Directory.GetFiles(Log, "*.jsonl").Single();
        var line = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        line["output"]!["score"] = score * (1 + relativeChange);
        File.WriteAllText(file, line.ToJsonString() + "\n");

        await using var restarted = Provider();
        var replay = await restarted.GetRequiredService<IDecisionReplayer>().ReplayAsync(PredictionId.Parse(id));

        Assert.Equal(reproduced, replay.IsReproduced);
        Assert.Equal(FieldComparison.Tolerance, replay.Fields.Single(f => f.Path == "score").Comparison);
    }

    [Fact]
    public async Task ReplayAsync_RedactedInput_ThrowsNamingTheRedactedFields()
    {
        var id = await LogRuleDecisionAsync(o => o.RedactedFields["income"] = FieldRedaction.Remove);

        await using var provider = Provider();
        var ex = await Assert.ThrowsAsync<PredictionNotReplayableException>(() => provider.GetRequiredService<IDecisionReplayer>().ReplayAsync(id));

        Assert.Equal(["income"], ex.RedactedFields);
        Assert.Contains("'income'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayAsync_UnknownPrediction_ThrowsPredictionNotLogged()
    {
        await LogRuleDecisionAsync();
        await using var provider = Provider();

        var ex = await Assert.ThrowsAsync<PredictionNotLoggedException>(() =>
            provider.GetRequiredService<IDecisionReplayer>().ReplayAsync(new PredictionId("credit", null, "champion", 1, 42)));

        Assert.Equal(42UL, ex.PredictionId.Nonce);
    }

    [Fact]
    public async Task ReplayAsync_LogFileRemovedByRetention_ThrowsSayingSo()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var id = await LogRuleDecisionAsync(o => o.RetainFor = TimeSpan.FromDays(2), time);
        time.Advance(TimeSpan.FromDays(3));

        // A new instance starts its log: retention deletes the file of 1 March, which ended more than two days ago.
        await using var provider = Provider(o => o.RetainFor = TimeSpan.FromDays(2), time);
        var ex = await Assert.ThrowsAsync<PredictionLogRemovedException>(() => provider.GetRequiredService<IDecisionReplayer>().ReplayAsync(id));

        Assert.Equal(new DateOnly(2026, 3, 1), ex.RemovedThrough);
        Assert.Equal(id, ex.PredictionId);
        Assert.Empty(Directory.GetFiles(Log, "*.jsonl"));
    }

    [Fact]
    public async Task ReplayAsync_WithAReaderOverTheLogDirectory_NeedsNoSinkAndWritesNothing()
    {
        var id = await LogRuleDecisionAsync();
        var before = Directory.GetFiles(Log).Select(f => (f, File.ReadAllText(f))).ToList();
        await using var provider = Provider();

        var replayer = new DecisionReplayer(provider.GetRequiredService<IModelScorerFactory>(), new JsonLinesPredictionLogReader(Log), options: null, explainer: null);
        var replay = await replayer.ReplayAsync(id);

        Assert.True(replay.IsReproduced);
        Assert.Equal(before, Directory.GetFiles(Log).Select(f => (f, File.ReadAllText(f))).ToList());
    }

    [Fact]
    public void AddDecisionReplay_InvalidTolerance_IsRefusedNamingTheConfigurationPath()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(Registry).AddJsonLinesPredictionLog(o => o.Directory = Log).AddDecisionReplay(o => o.RelativeTolerance = 2);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IDecisionReplayer>());

        Assert.Contains("ModelOps:Routing:Replay:RelativeTolerance is 2", ex.Message, StringComparison.Ordinal);
    }

    private async Task<PredictionId> LogRuleDecisionAsync(Action<JsonLinesPredictionLogOptions>? configure = null, TimeProvider? time = null)
    {
        await using var provider = Provider(configure, time);
        var registry = provider.GetRequiredService<IModelRegistry>();
        await RegisterRulesAsync(registry, limit: 2500);
        await using var scorer = (await provider.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<Applicant, CreditDecision>("credit", 1))
            .WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>(), time);
        return scorer.Score(new Applicant { Income = 5000, Age = 40 }).Id;
    }

    private ServiceProvider Provider(Action<JsonLinesPredictionLogOptions>? configure = null, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddModelOps().UseFileSystem(Registry).AddMLNet().AddRules()
            .AddJsonLinesPredictionLog(o =>
            {
                o.Directory = Log;
                configure?.Invoke(o);
            })
            .AddDecisionReplay();
        return services.BuildServiceProvider();
    }

    internal static async Task RegisterRulesAsync(IModelRegistry registry, int limit)
    {
        using var upload = new MemoryStream(Encoding.UTF8.GetBytes(RuleTable.Replace("LIMIT", limit.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = RulesFlavor.FlavorName, Artifact = upload });
    }

    /// <summary>Trains a small regression (price = slope × size + rooms) in the test and registers it.</summary>
    internal static async Task RegisterHouseAsync(IModelRegistry registry, float slope)
    {
        var context = new MLContext(seed: 1);
        var random = new Random(7);
        var rows = Enumerable.Range(0, 200).Select(_ =>
        {
            var row = new HouseInput { Size = (float)(random.NextDouble() * 5), Rooms = random.Next(1, 6) };
            row.Label = (slope * row.Size) + row.Rooms;
            return row;
        }).ToArray();
        var data = context.Data.LoadFromEnumerable(rows);
        var pipeline = context.Transforms.Concatenate("Features", nameof(HouseInput.Size), nameof(HouseInput.Rooms))
            .Append(context.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features", maximumNumberOfIterations: 50));
        var model = pipeline.Fit(data);
        using var zip = new MemoryStream();
        context.Model.Save(model, data.Schema, zip);
        zip.Position = 0;
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "house", Flavor = "mlnet", Artifact = zip });
    }

    public sealed class HouseInput
    {
        public float Size { get; set; }

        public float Rooms { get; set; }

        public float Label { get; set; }
    }

    public sealed class HouseOutput
    {
        public float Score { get; set; }
    }

    public sealed class Applicant
    {
        public double Income { get; init; }

        public int Age { get; init; }
    }

    public sealed class CreditDecision
    {
        public string? Decision { get; set; }

        public long Limit { get; set; }
    }
}
