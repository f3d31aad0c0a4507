using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Routing.Tests.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Evaluation;

public sealed class EvaluationRampGuardrailTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Check_HealthyChallenger_Holds_FailingChallenger_HoldsTheRamp()
    {
        var guardrail = new EvaluationRampGuardrail(new ChampionChallengerEvaluator(new FakeTimeProvider(Now)));
        var champion = ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 10, 0.8, calls: 1000, errors: 10, latency: TimeSpan.FromMilliseconds(4));
        var healthy = ChampionChallengerEvaluatorTests.Accuracy("bigger", 2, 10, 0.8, calls: 300, errors: 3, latency: TimeSpan.FromMilliseconds(4));
        var failing = ChampionChallengerEvaluatorTests.Accuracy("bigger", 2, 10, 0.8, calls: 300, errors: 60, latency: TimeSpan.FromMilliseconds(4));

        var holds = await guardrail.CheckAsync(Context(champion, healthy), CancellationToken.None);
        Assert.True(holds.Holds, holds.Reason);
        Assert.Contains("error-rate-increase", holds.Reason, StringComparison.Ordinal);

        var held = await guardrail.CheckAsync(Context(champion, failing), CancellationToken.None);
        Assert.False(held.Holds);
        Assert.Contains("GuardrailBreached", held.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UsesThePolicyStoredWithTheDefinition()
    {
        var guardrail = new EvaluationRampGuardrail(new ChampionChallengerEvaluator(new FakeTimeProvider(Now)));
        var champion = ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 10, 0.8, calls: 1000, errors: 10, latency: TimeSpan.FromMilliseconds(4));
        var challenger = ChampionChallengerEvaluatorTests.Accuracy("bigger", 2, 10, 0.8, calls: 300, errors: 12, latency: TimeSpan.FromMilliseconds(4));
        var context = Context(champion, challenger);
        // 4% errors: within the default 5-point increase, beyond a stored absolute limit of 2%.
        Assert.True((await guardrail.CheckAsync(context, CancellationToken.None)).Holds);
        var strict = context with { Definition = context.Definition with { Evaluation = new EvaluationPolicy { MaximumErrorRate = 0.02 } } };
        var held = await guardrail.CheckAsync(strict, CancellationToken.None);
        Assert.False(held.Holds);
        Assert.Contains("error rate 4.00", held.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ExternalSignalBreach_HoldsTheRamp_AndNoStatisticsHolds()
    {
        var fairness = new FairnessAlert();
        var guardrail = new EvaluationRampGuardrail(new ChampionChallengerEvaluator(new FakeTimeProvider(Now), [fairness]));
        var champion = ChampionChallengerEvaluatorTests.Accuracy("champion", 1, 10, 0.8);
        var challenger = ChampionChallengerEvaluatorTests.Accuracy("bigger", 2, 10, 0.8);
        var result = await guardrail.CheckAsync(Context(champion, challenger), CancellationToken.None);
        Assert.False(result.Holds);
        Assert.Contains("demographic parity", result.Reason, StringComparison.Ordinal);

        var empty = new ExperimentStatistics { ExperimentName = "more-data", Instances = [], Arms = [] };
        Assert.True((await guardrail.CheckAsync(new RampGuardrailContext(Definition(), empty, Now), CancellationToken.None)).Holds);
    }

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

    private static ExperimentDefinition Definition() =>
        new ExperimentBuilder("credit", "more-data").WithChampionVersion(1, 90).AddChallengerVersion("bigger", 2, 10).Build();

    private static RampGuardrailContext Context(ArmStatistics champion, ArmStatistics challenger) =>
        new(Definition(), new ExperimentStatistics { ExperimentName = "more-data", Instances = ["i"], Arms = [champion, challenger] }, Now);

    private sealed class FairnessAlert : IGuardrailSignalSource
    {
        public ValueTask<IReadOnlyList<GuardrailSignal>> GetSignalsAsync(GuardrailContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<GuardrailSignal>>([new GuardrailSignal("fairness", context.Arm, true, "demographic parity difference 0.14 above 0.10")]);
    }
}
