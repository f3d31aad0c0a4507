using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Replay;
using ModelOps.Sdk.Routing.Tests.Replay;
using static ModelOps.Sdk.Routing.Tests.Replay.DecisionReplayerTests;

namespace ModelOps.Sdk.Routing.Tests.Routing;

/// <summary>
/// Routed decisions explained when made (<see cref="RoutingOptions.ExplainEveryDecision"/>) by the version of the arm that decided,
/// written to the JSON-lines prediction log and returned by replay; with real rule sets and ML.NET models trained in the test.
/// </summary>
public sealed class RoutedScorerExplanationTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly string _root = Directory.CreateTempSubdirectory("modelops-routedexplain-").FullName;

    private string Registry => Path.Combine(_root, "registry");

    private string Log => Path.Combine(_root, "log");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ExplainEveryDecision_RulesArms_LogEachDecisionWithTheExplanationOfItsArmsVersion_AndReplayReturnsIt()
    {
        var declined = new Applicant { Income = 800, Age = 40 };
        var answers = new List<RoutedPrediction<CreditDecision>>();
        await using (var provider = Provider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            for (var version = 1; version <= 2; version++)
            {
                await RegisterRulesAsync(registry, limit: 1000 * version);
                await registry.SaveReasonCodeTableAsync("credit", version, new ReasonCodeTable { Entries = [new ReasonCodeEntry($"R0{version}", "Income below the minimum we lend on", RuleId: "low")] });
            }

            await registry.SetAliasAsync("credit", "champion", 1);
            var definition = new ExperimentBuilder("credit", "rules-split").WithChampionAlias("champion", 50).AddChallengerVersion("next", 2, 50).Build();
            await using (var scorer = await provider.GetRequiredService<IRoutedScorerFactory>().CreateForDefinitionAsync<Applicant, CreditDecision>(definition))
            {
                for (var i = 0; i < 40; i++)
                {
                    answers.Add(scorer.Score(declined));
                }

                // Disposing waits for the explanations still running, so every record is in the log afterwards.
                await scorer.DisposeAsync();
                Assert.Equal((0L, 0L), (scorer.ExplanationsFailed, scorer.ExplanationsSkipped));
            }

            Assert.Equal(["champion", "next"], answers.Select(a => a.Arm).Distinct().Order(StringComparer.Ordinal));
            var explainer = provider.GetRequiredService<IDecisionExplainer>();
            var sink = provider.GetRequiredService<IPredictionLogSink>();
            foreach (var answer in answers)
            {
                var logged = await sink.FindAsync(answer.Id);
                var expected = await explainer.ExplainVersionAsync("credit", answer.Model.Version, JsonSerializer.SerializeToElement(declined, Web));
                Assert.Equal(Json(expected), Json(logged!.Explanation!));
                Assert.Equal(answer.Arm == "champion" ? 1 : 2, logged.Explanation!.Version);
                Assert.Equal($"R0{answer.Model.Version}", Assert.Single(logged.Explanation.ReasonCodes).Code);
            }
        }

        await using var restarted = Provider();
        var challenger = answers.First(a => a.Arm == "next");
        var replay = (await restarted.GetRequiredService<IDecisionReplayer>().ReplayAsync(challenger.Id)).EnsureReproduced();
        Assert.Same(replay.Logged!.Explanation, replay.Explanation);
        Assert.Equal(("credit", 2, "R02"), (replay.Explanation!.ModelName, replay.Explanation.Version, Assert.Single(replay.Explanation.ReasonCodes).Code));
        Assert.Empty(replay.ExplanationDifferences);
    }

    [Fact]
    public async Task ExplainEveryDecision_ChampionMovedBeforeTheExplanationsRan_EachIsByTheVersionThatDecided()
    {
        GatedExplainer? gate = null;
        await using var provider = Provider(explainer => gate = new GatedExplainer(explainer));
        var registry = provider.GetRequiredService<IModelRegistry>();
        for (var slope = 1; slope <= 3; slope++)
        {
            await RegisterHouseAsync(registry, slope: slope * 10);
        }

        await registry.SetAliasAsync("house", "champion", 1);
        await registry.SetAliasAsync("house", "challenger", 2);
        var house = new HouseInput { Size = 2.5f, Rooms = 4 };
        var definition = new ExperimentBuilder("house", "mlnet-split").WithChampionAlias("champion", 50).AddChallengerAlias("next", "challenger", 50).Build();
        var scorer = await provider.GetRequiredService<IRoutedScorerFactory>().CreateForDefinitionAsync<HouseInput, HouseOutput>(definition);
        var decided = new List<RoutedPrediction<HouseOutput>>();
        await using (scorer)
        {
            while (decided.Select(a => a.Arm).Distinct().Count() < 2 || decided.Count < 10)
            {
                decided.Add(scorer.Score(house));
            }

            await gate!.Entered.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await registry.MoveAliasAsync("house", "champion", 3, expectedCurrentVersion: 1);
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            while (scorer.Score(house) is not { Arm: "champion", Model.Version: 3 })
            {
                await Task.Delay(10, deadline.Token);
            }

            gate.Release.SetResult();
        }

        var sink = provider.GetRequiredService<IPredictionLogSink>();
        var explainer = provider.GetRequiredService<IDecisionExplainer>();
        foreach (var answer in decided)
        {
            var logged = await sink.FindAsync(answer.Id);
            var explanation = Assert.IsType<DecisionExplanation>(logged!.Explanation);
            Assert.Equal(answer.Arm == "champion" ? 1 : 2, explanation.Version);
            Assert.Equal(ExplanationMethod.FeatureContributionCalculation, explanation.Method);
            var expected = await explainer.ExplainVersionAsync("house", explanation.Version, JsonSerializer.SerializeToElement(house, Web));
            Assert.Equal(Json(expected), Json(explanation));
        }
    }

    [Fact]
    public async Task ExplainEveryDecision_Off_RoutedRecordsCarryNoExplanation()
    {
        await using var provider = Provider(explain: false);
        var registry = provider.GetRequiredService<IModelRegistry>();
        await RegisterRulesAsync(registry, limit: 2500);
        await registry.SetAliasAsync("credit", "champion", 1);
        var definition = new ExperimentBuilder("credit", "explanations-off").WithChampionAlias("champion").AddChallengerVersion("next", 1).Build();
        RoutedPrediction<CreditDecision> answer;
        await using (var scorer = await provider.GetRequiredService<IRoutedScorerFactory>().CreateForDefinitionAsync<Applicant, CreditDecision>(definition))
        {
            answer = scorer.Score(new Applicant { Income = 800, Age = 40 });
        }

        var logged = await provider.GetRequiredService<IPredictionLogSink>().FindAsync(answer.Id);
        Assert.Null(logged!.Explanation);
        Assert.Null(logged.ExplanationUnavailable);
    }

    private static string Json(DecisionExplanation explanation) => System.Text.Encoding.UTF8.GetString(ExplanationJson.WriteDecisionExplanation(explanation));

    private ServiceProvider Provider(Func<IDecisionExplainer, IDecisionExplainer>? decorate = null, bool explain = true)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(Registry).AddMLNet().AddRules()
            .AddJsonLinesPredictionLog(o => o.Directory = Log)
            .AddRouting(o => o.ExplainEveryDecision = explain)
            .AddDecisionReplay();
        if (decorate is not null)
        {
            var registered = services.Single(d => d.ServiceType == typeof(IDecisionExplainer));
            services.Remove(registered);
            services.AddSingleton(sp => decorate((IDecisionExplainer)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
        }

        return services.BuildServiceProvider();
    }
}
