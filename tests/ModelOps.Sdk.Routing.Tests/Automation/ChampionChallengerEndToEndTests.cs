using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Automation;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Automation;

/// <summary>
/// The whole path on a real container: routed calls with sticky assignment, late outcomes joined by prediction id, statistics
/// stored per instance and merged, the evaluator deciding after every batch, and the automation (resolved from the container, where
/// <c>AddChampionChallengerAutomation</c> opted in) moving the champion alias.
/// </summary>
public sealed class ChampionChallengerEndToEndTests
{
    [Fact]
    public async Task RoutedCallsAndLateOutcomes_EvaluatedAfterEveryBatch_PromoteTheBetterChallenger()
    {
        await using var host = await RoutingHost.CreateAsync(services: s => s.AddModelOps().AddChampionChallengerAutomation());
        var definition = new ExperimentBuilder(RoutingHost.Model, "bigger-data")
            .WithChampionVersion(1, weight: 50)
            .AddChallengerVersion("bigger", 2, weight: 50)
            .WithStickyAssignment("salt-1")
            .Build();
        await host.Store.SaveAsync(definition, "start 50/50");
        var started = host.Time.GetUtcNow();
        var evaluator = new ChampionChallengerEvaluator(host.Time);
        var automation = host.Services.GetRequiredService<ChampionChallengerAutomation>();
        var store = new ExperimentStatisticsStore(host.Registry);
        var policy = new EvaluationPolicy { MinimumDuration = TimeSpan.FromDays(2), MinimumSamplesPerArm = 500, MixingVariance = 0.05 * 0.05 };
        var random = new Random(5);
        SequentialTestState? state = null;
        ExperimentDecision? decision = null;
        await using var scorer = await host.Factory.CreateAsync<Applicant, Decision>(RoutingHost.Model, "bigger-data", d => d.Score);
        for (var batch = 0; batch < 40 && decision?.Kind != DecisionKind.Promote; batch++)
        {
            var ids = new List<PredictionId>();
            for (var i = 0; i < 200; i++)
            {
                ids.Add(scorer.Score(new Applicant { Region = "EU", Income = 1000 + i }, entityKey: $"customer-{batch}-{i}").Id);
            }

            // Labels arrive a day later: the champion's decisions are right 75% of the time, the challenger's 85%.
            host.Time.Advance(TimeSpan.FromDays(1));
            foreach (var id in ids)
            {
                var right = random.NextDouble() < (id.Arm == "bigger" ? 0.85 : 0.75);
                Assert.True(await host.Outcomes.RecordOutcomeAsync(id.ToString(), actual: right ? 0 : 1, predicted: 0.2));
            }

            await store.SaveAsync(RoutingHost.Model, host.Recorders.Snapshot(RoutingHost.Model, "bigger-data"));
            var merged = (await store.LoadMergedAsync(RoutingHost.Model, "bigger-data"))!;
            decision = await evaluator.EvaluateAsync(EvaluationRequest.ForChallenger(definition, merged, "bigger", policy, started, state));
            state = decision.State;
        }

        Assert.NotNull(decision);
        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.False(decision.Evidence.SampleRatio!.IsMismatch);
        Assert.InRange(decision.Evidence.EffectEstimate, 0.03, 0.17);
        var outcome = await automation.ApplyAsync(new AutomationRequest { ModelName = RoutingHost.Model, AutoPromote = true, ExpectedCurrentVersion = 1 }, decision);
        Assert.Equal(AutomationAction.Promoted, outcome.Action);
        Assert.Equal(2, (await host.Registry.ResolveAliasAsync(RoutingHost.Model, "champion")).Version);
    }
}
