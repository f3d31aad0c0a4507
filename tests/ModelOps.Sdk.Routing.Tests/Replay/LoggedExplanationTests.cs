using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Replay;
using ModelOps.Sdk.Scoring;
using static ModelOps.Sdk.Routing.Tests.Replay.DecisionReplayerTests;

namespace ModelOps.Sdk.Routing.Tests.Replay;

/// <summary>
/// Explanations written to the JSON-lines prediction log when a plain scorer makes the decision, read back typed, redacted like
/// the input, and returned and checked by replay; with real rule sets and ML.NET models trained in the test.
/// </summary>
public sealed class LoggedExplanationTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly string _root = Directory.CreateTempSubdirectory("modelops-explainlog-").FullName;

    private string Registry => Path.Combine(_root, "registry");

    private string Log => Path.Combine(_root, "log");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ScoreAndExplainAsync_DeclinedByRules_LogsTheExplanationTheExplainerGivesForTheSameInput()
    {
        await using var provider = Provider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await RegisterRulesAsync(registry, limit: 2500);
        await registry.SaveReasonCodeTableAsync("credit", 1, new ReasonCodeTable { Entries = [new ReasonCodeEntry("R01", "Income below the minimum we lend on", RuleId: "low")] });
        var applicant = new Applicant { Income = 800, Age = 40 };
        await using var scorer = await LoggingScorerAsync<Applicant, CreditDecision>(provider, "credit", new PredictionLogScorerOptions());

        var (prediction, explanation, unavailable) = await scorer.ScoreAndExplainAsync(applicant);

        Assert.Equal("DECLINE", prediction.Value.Decision);
        Assert.Null(unavailable);
        var expected = await provider.GetRequiredService<IDecisionExplainer>().ExplainVersionAsync("credit", 1, JsonSerializer.SerializeToElement(applicant, Web));
        Assert.Equal(Json(expected), Json(explanation!));
        var logged = await provider.GetRequiredService<IPredictionLogSink>().FindAsync(prediction.Id);
        Assert.Equal(Json(expected), Json(logged!.Explanation!));
        Assert.Equal(("low", "R01"), (Assert.Single(logged.Explanation!.FiredRules).RuleId, Assert.Single(logged.Explanation.ReasonCodes).Code));
        Assert.Null(logged.ExplanationUnavailable);
    }

    [Fact]
    public async Task ExplainEveryDecision_MLNetModel_LogsItsFeatureContributionsAsTheExplainerComputesThem()
    {
        await using var provider = Provider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await RegisterHouseAsync(registry, slope: 3);
        var house = new HouseInput { Size = 2.5f, Rooms = 4 };
        PredictionId id;
        await using (var scorer = await LoggingScorerAsync<HouseInput, HouseOutput>(provider, "house", Explaining(provider)))
        {
            id = scorer.Score(house).Id;
        }

        // Disposing the scorer waited for the explanation, so its record is in the log.
        var logged = await provider.GetRequiredService<IPredictionLogSink>().FindAsync(id);
        var explanation = Assert.IsType<DecisionExplanation>(logged!.Explanation);
        Assert.Equal(ExplanationMethod.FeatureContributionCalculation, explanation.Method);
        Assert.Equal(["Rooms", "Size"], explanation.Contributions.Select(c => c.Feature).Order(StringComparer.Ordinal));
        var expected = await provider.GetRequiredService<IDecisionExplainer>().ExplainVersionAsync("house", 1, JsonSerializer.SerializeToElement(house, Web));
        Assert.Equal(Json(expected), Json(explanation));
    }

    [Fact]
    public async Task ExplainEveryDecision_RedactedField_ItsContributionAndValueAreNotWrittenButItsReasonIs()
    {
        await using var provider = Provider(o => o.RedactedFields["size"] = FieldRedaction.Remove);
        var registry = provider.GetRequiredService<IModelRegistry>();
        await RegisterHouseAsync(registry, slope: 3);
        await registry.SaveReasonCodeTableAsync("house", 1, new ReasonCodeTable
        {
            Entries = [new ReasonCodeEntry("S1", "Size of the house", Feature: "Size", Direction: ContributionDirection.Increases)],
        });
        const float Size = 3.3671875f;
        PredictionId id;
        await using (var scorer = await LoggingScorerAsync<HouseInput, HouseOutput>(provider, "house", Explaining(provider)))
        {
            id = scorer.Score(new HouseInput { Size = Size, Rooms = 2 }).Id;
        }

        var logged = await provider.GetRequiredService<IPredictionLogSink>().FindAsync(id);
        var explanation = logged!.Explanation!;
        Assert.Equal("Rooms", Assert.Single(explanation.Contributions).Feature);
        var reason = Assert.Single(explanation.ReasonCodes);
        Assert.Equal(("S1", "Size", 0d), (reason.Code, reason.Feature, reason.Contribution));
        var line = File.ReadAllText(Directory.GetFiles(Log, "*.jsonl").Single());
        Assert.DoesNotContain("3.3671875", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainerFailure_DoesNotFailTheDecision_IsCountedAndTheRecordSaysWhyWithoutTheMessage()
    {
        await using var provider = Provider();
        await RegisterRulesAsync(provider.GetRequiredService<IModelRegistry>(), limit: 2500);
        var options = new PredictionLogScorerOptions { Explainer = new FailingExplainer(), ExplainEveryDecision = true };
        PredictionId background;
        ExplainedPrediction<CreditDecision> asked;
        IPredictionLoggingScorer<Applicant, CreditDecision> disposed;
        await using (var scorer = await LoggingScorerAsync<Applicant, CreditDecision>(provider, "credit", options))
        {
            background = scorer.Score(new Applicant { Income = 5000, Age = 40 }).Id;
            asked = await scorer.ScoreAndExplainAsync(new Applicant { Income = 800, Age = 40 });
            disposed = scorer;
        }

        Assert.Equal("DECLINE", asked.Prediction.Value.Decision);
        Assert.Null(asked.Explanation);
        Assert.Equal(2, disposed.ExplanationsFailed);
        var sink = provider.GetRequiredService<IPredictionLogSink>();
        foreach (var id in new[] { background, asked.Prediction.Id })
        {
            var logged = await sink.FindAsync(id);
            Assert.Null(logged!.Explanation);
            Assert.Contains(nameof(InvalidOperationException), logged.ExplanationUnavailable, StringComparison.Ordinal);
            Assert.DoesNotContain(FailingExplainer.Secret, logged.ExplanationUnavailable, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(FailingExplainer.Secret, File.ReadAllText(Directory.GetFiles(Log, "*.jsonl").Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplainEveryDecision_MorePendingThanAllowed_LogsAtOnceSayingTheExplanationWasSkipped()
    {
        await using var provider = Provider();
        await RegisterRulesAsync(provider.GetRequiredService<IModelRegistry>(), limit: 2500);
        var gate = new GatedExplainer(provider.GetRequiredService<IDecisionExplainer>());
        var options = new PredictionLogScorerOptions { Explainer = gate, ExplainEveryDecision = true, MaxPendingExplanations = 1 };
        var sink = provider.GetRequiredService<IPredictionLogSink>();
        await using var scorer = await LoggingScorerAsync<Applicant, CreditDecision>(provider, "credit", options);

        var first = scorer.Score(new Applicant { Income = 5000, Age = 40 }).Id;
        await gate.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var second = scorer.Score(new Applicant { Income = 6000, Age = 41 }).Id;

        var skipped = await sink.FindAsync(second);
        Assert.Contains("MaxPendingExplanations", skipped!.ExplanationUnavailable, StringComparison.Ordinal);
        Assert.Equal(1, scorer.ExplanationsSkipped);
        Assert.Null(await sink.FindAsync(first));
        gate.Release.SetResult();
        var explained = await WaitForAsync(sink, first);
        Assert.Equal(ExplanationMethod.FiredRules, explained.Explanation!.Method);
    }

    [Fact]
    public async Task ReplayAsync_AfterChampionMovedTwiceAndRestart_ReturnsTheLoggedExplanationAndFindsItReproduced()
    {
        string id;
        await using (var provider = Provider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            await RegisterRulesAsync(registry, limit: 2500);
            await registry.SaveReasonCodeTableAsync("credit", 1, new ReasonCodeTable { Entries = [new ReasonCodeEntry("R01", "Income below the minimum we lend on", RuleId: "low")] });
            await registry.SetAliasAsync("credit", "champion", 1);
            await using var scorer = (await provider.GetRequiredService<IModelScorerFactory>().CreateScorerAsync<Applicant, CreditDecision>("credit", "champion"))
                .WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>(), Explaining(provider));
            id = (await scorer.ScoreAndExplainAsync(new Applicant { Income = 800, Age = 40 })).Prediction.Id.ToString();
            for (var version = 2; version <= 3; version++)
            {
                await RegisterRulesAsync(registry, limit: 100 * version);
                await registry.MoveAliasAsync("credit", "champion", version, expectedCurrentVersion: version - 1);
            }
        }

        await using var restarted = Provider();
        var replay = (await restarted.GetRequiredService<IDecisionReplayer>().ReplayAsync(PredictionId.Parse(id))).EnsureReproduced();

        Assert.Equal(1, replay.Model.Version);
        Assert.Same(replay.Logged!.Explanation, replay.Explanation);
        Assert.Equal(("credit", 1, "R01"), (replay.Explanation!.ModelName, replay.Explanation.Version, Assert.Single(replay.Explanation.ReasonCodes).Code));
        Assert.NotNull(replay.RecomputedExplanation);
        Assert.Contains(replay.ExplanationFields, f => f.Path == "explanation.reasonCodes" && f.Matches);
        Assert.Empty(replay.ExplanationDifferences);
    }

    [Fact]
    public async Task ReplayAsync_LoggedContributionAltered_ReportsTheDifferenceByFeature()
    {
        PredictionId id;
        await using (var provider = Provider())
        {
            await RegisterHouseAsync(provider.GetRequiredService<IModelRegistry>(), slope: 3);
            await using var scorer = await LoggingScorerAsync<HouseInput, HouseOutput>(provider, "house", Explaining(provider));
            id = (await scorer.ScoreAndExplainAsync(new HouseInput { Size = 2, Rooms = 3 })).Prediction.Id;
        }

        var file = Directory.GetFiles(Log, "*.jsonl").Single();
        var line = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        var size = line["explanation"]!["contributions"]!.AsArray().Single(c => (string)c!["feature"]! == "Size")!;
        size["contribution"] = (double)size["contribution"]! * 1.01;
        File.WriteAllText(file, line.ToJsonString() + "\n");

        await using var restarted = Provider();
        var replay = await restarted.GetRequiredService<IDecisionReplayer>().ReplayAsync(id);

        Assert.True(replay.IsReproduced);
        var differing = Assert.Single(replay.ExplanationDifferences);
        Assert.Equal(("explanation.contributions[Size]", FieldComparison.Tolerance), (differing.Path, differing.Comparison));
        Assert.Contains(replay.ExplanationFields, f => f.Path == "explanation.contributions[Rooms]" && f.Matches);
    }

    [Fact]
    public async Task ReplayAsync_LineWrittenWithoutExplanation_ReadsAndRecomputesIt()
    {
        PredictionId id;
        await using (var provider = Provider())
        {
            await RegisterRulesAsync(provider.GetRequiredService<IModelRegistry>(), limit: 2500);
            await using var scorer = await LoggingScorerAsync<Applicant, CreditDecision>(provider, "credit", new PredictionLogScorerOptions());
            id = scorer.Score(new Applicant { Income = 800, Age = 40 }).Id;
        }

        Assert.DoesNotContain("explanation", File.ReadAllText(Directory.GetFiles(Log, "*.jsonl").Single()), StringComparison.Ordinal);
        await using var restarted = Provider();
        var replay = await restarted.GetRequiredService<IDecisionReplayer>().ReplayAsync(id);

        Assert.Null(replay.Logged!.Explanation);
        Assert.Null(replay.Logged.ExplanationUnavailable);
        Assert.Same(replay.RecomputedExplanation, replay.Explanation);
        Assert.Equal("low", Assert.Single(replay.Explanation!.FiredRules).RuleId);
        Assert.Empty(replay.ExplanationFields);
    }

    [Fact]
    public async Task WithPredictionLog_InvalidExplanationOptions_AreRefusedNamingTheOption()
    {
        await using var provider = Provider();
        await RegisterRulesAsync(provider.GetRequiredService<IModelRegistry>(), limit: 2500);
        await using var plain = await provider.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<Applicant, CreditDecision>("credit", 1);
        var sink = provider.GetRequiredService<IPredictionLogSink>();

        var noExplainer = Assert.Throws<ArgumentException>(() => plain.WithPredictionLog(sink, new PredictionLogScorerOptions { ExplainEveryDecision = true }));
        var noRoom = Assert.Throws<ArgumentException>(() => plain.WithPredictionLog(sink, new PredictionLogScorerOptions { MaxPendingExplanations = 0 }));
        var asked = await Assert.ThrowsAsync<InvalidOperationException>(() => plain.WithPredictionLog(sink, new PredictionLogScorerOptions()).ScoreAndExplainAsync(new Applicant()).AsTask());

        Assert.Contains("Explainer", noExplainer.Message, StringComparison.Ordinal);
        Assert.Contains("MaxPendingExplanations is 0", noRoom.Message, StringComparison.Ordinal);
        Assert.Contains("PredictionLogScorerOptions.Explainer", asked.Message, StringComparison.Ordinal);
    }

    private static string Json(DecisionExplanation explanation) => System.Text.Encoding.UTF8.GetString(ExplanationJson.WriteDecisionExplanation(explanation));

    private static PredictionLogScorerOptions Explaining(IServiceProvider provider) =>
        new() { Explainer = provider.GetRequiredService<IDecisionExplainer>(), ExplainEveryDecision = true };

    private static async Task<IPredictionLoggingScorer<TInput, TOutput>> LoggingScorerAsync<TInput, TOutput>(IServiceProvider provider, string model, PredictionLogScorerOptions options)
        where TInput : class
        where TOutput : class
    {
        options.Explainer ??= provider.GetRequiredService<IDecisionExplainer>();
        var scorer = await provider.GetRequiredService<IModelScorerFactory>().CreatePinnedScorerAsync<TInput, TOutput>(model, 1);
        return scorer.WithPredictionLog(provider.GetRequiredService<IPredictionLogSink>(), options);
    }

    /// <summary>Waits, with a deadline, until the log holds the prediction.</summary>
    private static async Task<LoggedPrediction> WaitForAsync(IPredictionLogSink sink, PredictionId id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            if (await sink.FindAsync(id, deadline.Token) is { } found)
            {
                return found;
            }

            await Task.Yield();
        }
    }

    private ServiceProvider Provider(Action<JsonLinesPredictionLogOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(Registry).AddMLNet().AddRules()
            .AddJsonLinesPredictionLog(o =>
            {
                o.Directory = Log;
                configure?.Invoke(o);
            })
            .AddDecisionReplay();
        return services.BuildServiceProvider();
    }

    /// <summary>An explainer that fails with a message quoting a value, as a converter's error may.</summary>
    private sealed class FailingExplainer : IDecisionExplainer
    {
        public const string Secret = "income 4711.5";

        public Task<DecisionExplanation> ExplainAsync(ILoadedModel model, JsonElement input, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Secret);

        public Task<DecisionExplanation> ExplainVersionAsync(string modelName, int version, JsonElement input, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(Secret);
    }
}
