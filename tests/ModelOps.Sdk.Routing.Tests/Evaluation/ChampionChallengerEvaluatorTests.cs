using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.Signals;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Signals;

namespace ModelOps.Sdk.Routing.Tests.Evaluation;

public sealed class ChampionChallengerEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly EvaluationPolicy Policy = new()
    {
        MinimumSamplesPerArm = 1000,
        MinimumDuration = TimeSpan.FromDays(7),
        MixingVariance = 0.02 * 0.02,
    };

    [Fact]
    public async Task Evaluate_ClearlyBetterChallenger_PromotesWithEvidence()
    {
        var (evaluator, _) = Evaluator(days: 8);
        var decision = await evaluator.EvaluateAsync(Request(Accuracy("champion", 1, 5000, 0.80), Accuracy("challenger", 2, 5000, 0.84)));
        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal(DecisionRule.ChallengerBetter, decision.Rule);
        var e = decision.Evidence;
        Assert.Equal(0.04, e.EffectEstimate, 10);
        Assert.True(e.ConfidenceLower > 0 && e.ConfidenceUpper > e.EffectEstimate);
        Assert.True(e.AlwaysValidPValue < 0.05);
        Assert.Equal((5000, 5000), (e.ChampionSamples, e.ChallengerSamples));
        Assert.Equal(Start.AddDays(8), e.EvaluatedAt);
        Assert.Contains("Promote (ChallengerBetter)", decision.Summary, StringComparison.Ordinal);
        Assert.Equal(1, decision.State.Looks);
    }

    /// <summary>
    /// With k challengers each is tested at α/k (Bonferroni): a challenger just significant at α is not promoted at α/3, and the
    /// confidence sequence has the half-width of the closed form at α/3.
    /// </summary>
    [Fact]
    public async Task Evaluate_SeveralChallengers_TestsEachAtAlphaOverTheirNumber()
    {
        var (evaluator, _) = Evaluator(days: 8);
        const int n = 5000;
        var champion = Accuracy("champion", 1, n, 0.80);
        // The smallest challenger accuracy (in steps of 0.001) that one challenger alone would be promoted with.
        var accuracy = 0.80;
        while ((await evaluator.EvaluateAsync(Request(champion, Accuracy("challenger", 2, n, accuracy)))).Kind != DecisionKind.Promote)
        {
            accuracy += 0.001;
        }

        var alone = await evaluator.EvaluateAsync(Request(champion, Accuracy("challenger", 2, n, accuracy)));
        var ofThree = await evaluator.EvaluateAsync(Request(champion, Accuracy("challenger", 2, n, accuracy)) with { ChallengerCount = 3 });
        var uncorrected = await evaluator.EvaluateAsync(Request(champion, Accuracy("challenger", 2, n, accuracy)) with { ChallengerCount = 3, Policy = Policy with { CorrectForMultipleChallengers = false } });

        Assert.Equal((DecisionKind.Promote, 0.05, 1), (alone.Kind, alone.Evidence.Alpha, alone.Evidence.ChallengerCount));
        Assert.Equal((DecisionKind.Continue, DecisionRule.NoDifferenceYet), (ofThree.Kind, ofThree.Rule));
        Assert.Equal((0.05 / 3, 0.05, 3), (ofThree.Evidence.Alpha, ofThree.Evidence.FamilyAlpha, ofThree.Evidence.ChallengerCount));
        Assert.InRange(ofThree.Evidence.AlwaysValidPValue, 0.05 / 3, 0.05);
        Assert.Equal((DecisionKind.Promote, 0.05), (uncorrected.Kind, uncorrected.Evidence.Alpha));

        // Closed form of the confidence sequence (Johari et al. 2017, inverting the mixture likelihood ratio at level α/k):
        // half-width = sqrt(2 s² (s² + τ²) / τ² · (ln(k/α) + ½ ln((s² + τ²) / s²))), with s² = p₁(1 − p₁)/n + p₂(1 − p₂)/n and
        // each p the smoothed proportion (x + ½)/(n + 1) the test uses.
        var p1 = (Math.Round(0.80 * n) + 0.5) / (n + 1);
        var p2 = (Math.Round(accuracy * n) + 0.5) / (n + 1);
        var s2 = (p1 * (1 - p1) / n) + (p2 * (1 - p2) / n);
        const double tau2 = 0.02 * 0.02;
        var halfWidth = Math.Sqrt(2 * s2 * (s2 + tau2) / tau2 * (Math.Log(3 / 0.05) + (0.5 * Math.Log((s2 + tau2) / s2))));
        Assert.Equal(2 * halfWidth, ofThree.Evidence.ConfidenceUpper - ofThree.Evidence.ConfidenceLower, 9);
        Assert.True(ofThree.Evidence.ConfidenceLower <= 0);
        Assert.Contains("alpha 0.0167", ofThree.Summary, StringComparison.Ordinal);

        await Assert.ThrowsAsync<ArgumentException>(async () => await evaluator.EvaluateAsync(Request(champion, champion) with { ChallengerCount = 0 }));
    }

    [Fact]
    public async Task Evaluate_BeforeMinimumDurationOrSamples_Continues()
    {
        var (early, time) = Evaluator(days: 3);
        var better = Request(Accuracy("champion", 1, 5000, 0.80), Accuracy("challenger", 2, 5000, 0.84));
        Assert.Equal(DecisionRule.MinimumDuration, (await early.EvaluateAsync(better)).Rule);
        time.Advance(TimeSpan.FromDays(5));
        var few = Request(Accuracy("champion", 1, 5000, 0.80), Accuracy("challenger", 2, 999, 0.90));
        var decision = await early.EvaluateAsync(few);
        Assert.Equal((DecisionKind.Continue, DecisionRule.MinimumSamples), (decision.Kind, decision.Rule));
        Assert.Equal(0, decision.State.Looks);
    }

    [Fact]
    public async Task Evaluate_WorseChallenger_IsAbandoned_AndMinimumEffectCanRuleItOut()
    {
        var (evaluator, _) = Evaluator(days: 8);
        var worse = await evaluator.EvaluateAsync(Request(Accuracy("champion", 1, 5000, 0.84), Accuracy("challenger", 2, 5000, 0.80)));
        Assert.Equal((DecisionKind.Abandon, DecisionRule.ChallengerWorse), (worse.Kind, worse.Rule));
        Assert.True(worse.Evidence.ConfidenceUpper < 0);

        var equal = Request(Accuracy("champion", 1, 20000, 0.80), Accuracy("challenger", 2, 20000, 0.80)) with
        {
            Policy = Policy with { MinimumEffect = 0.03 },
        };
        var unreachable = await evaluator.EvaluateAsync(equal);
        Assert.Equal((DecisionKind.Abandon, DecisionRule.MinimumEffectUnreachable), (unreachable.Kind, unreachable.Rule));
    }

    [Fact]
    public async Task Evaluate_Regression_LowerErrorIsBetter()
    {
        var (evaluator, _) = Evaluator(days: 8);
        var policy = Policy with { MixingVariance = 0.1 * 0.1 };
        var champion = Numeric("champion", 1, QualityMetricKind.Regression, 4000, mean: 2.0, sd: 1.0);
        var challenger = Numeric("challenger", 2, QualityMetricKind.Regression, 4000, mean: 1.8, sd: 1.0);
        var decision = await evaluator.EvaluateAsync(Request(champion, challenger) with { Policy = policy });
        Assert.Equal(DecisionKind.Promote, decision.Kind);
        Assert.Equal(0.2, decision.Evidence.EffectEstimate, 10);
        Assert.True(decision.Evidence.ConfidenceLower > 0);
    }

    [Fact]
    public async Task Evaluate_ErrorRateOrLatencyGuardrailBreach_RollsBack()
    {
        var (evaluator, _) = Evaluator(days: 1);
        var champion = Accuracy("champion", 1, 100, 0.8, calls: 1000, errors: 10, latency: TimeSpan.FromMilliseconds(5));
        var failing = Accuracy("challenger", 2, 100, 0.8, calls: 1000, errors: 100, latency: TimeSpan.FromMilliseconds(5));
        var decision = await evaluator.EvaluateAsync(Request(champion, failing));
        Assert.Equal((DecisionKind.Rollback, DecisionRule.GuardrailBreached), (decision.Kind, decision.Rule));
        Assert.Contains(decision.Evidence.Guardrails, g => g is { Source: "error-rate-increase", Breached: true });

        var slow = Accuracy("challenger", 2, 100, 0.8, calls: 1000, errors: 10, latency: TimeSpan.FromMilliseconds(12));
        decision = await evaluator.EvaluateAsync(Request(champion, slow));
        Assert.Equal(DecisionKind.Rollback, decision.Kind);
        Assert.Contains(decision.Evidence.Guardrails, g => g is { Source: "p95-latency-ratio", Breached: true });
        Assert.Contains("guardrails: p95-latency-ratio", decision.Summary, StringComparison.Ordinal);

        // Below the guardrails' minimum calls nothing is judged.
        var fewCalls = Accuracy("challenger", 2, 100, 0.8, calls: 50, errors: 50, latency: TimeSpan.FromMilliseconds(50));
        Assert.NotEqual(DecisionKind.Rollback, (await evaluator.EvaluateAsync(Request(champion, fewCalls))).Kind);
    }

    [Fact]
    public async Task Evaluate_SignalForTheChallengersVersion_RollsBack_WithTheSignalInTheEvidence()
    {
        var time = new FakeTimeProvider(Start.AddDays(8));
        var hub = new ModelSignalHub(time);
        var evaluator = new ChampionChallengerEvaluator(time, [hub]);
        hub.Publish(new ModelSignal("credit", 3, ModelSignalKind.Drift, ModelSignalSeverity.Warning, "PSI 0.31 on income above 0.25", time.GetUtcNow()));
        hub.Publish(new ModelSignal("other", 2, ModelSignalKind.Drift, ModelSignalSeverity.Warning, "PSI 0.31 on income above 0.25", time.GetUtcNow()));
        var otherVersion = await evaluator.EvaluateAsync(Request(Accuracy("champion", 1, 5000, 0.80), Accuracy("challenger", 2, 5000, 0.84)));
        Assert.Equal(DecisionKind.Promote, otherVersion.Kind);

        hub.Publish(new ModelSignal("credit", 2, ModelSignalKind.Fairness, ModelSignalSeverity.Warning, "demographic parity ratio 0.62 for 'gender'", time.GetUtcNow()));
        var decision = await evaluator.EvaluateAsync(Request(Accuracy("champion", 1, 5000, 0.80), Accuracy("challenger", 2, 5000, 0.84)));
        Assert.Equal((DecisionKind.Rollback, DecisionRule.GuardrailBreached), (decision.Kind, decision.Rule));
        var signal = Assert.Single(decision.Evidence.Guardrails, g => g.Source == "signal:fairness");
        Assert.True(signal.Breached);
        Assert.Equal("challenger", signal.Arm);
        Assert.Contains("ratio 0.62", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_SampleRatioMismatch_ContinuesWithoutTrustingTheResult()
    {
        var (evaluator, _) = Evaluator(days: 8);
        var request = Request(Accuracy("champion", 1, 5000, 0.80), Accuracy("challenger", 2, 5000, 0.84)) with
        {
            ExpectedWeights = [90, 10],
            ObservedCounts = [8700, 1300],
        };
        var decision = await evaluator.EvaluateAsync(request);
        Assert.Equal((DecisionKind.Continue, DecisionRule.SampleRatioMismatch), (decision.Kind, decision.Rule));
        Assert.True(decision.Evidence.SampleRatio!.PValue < 0.001);
    }

    [Fact]
    public async Task Evaluate_StartsAnActivityTaggedWithTheDecision()
    {
        var tags = new List<KeyValuePair<string, string?>>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == ChampionChallengerEvaluator.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.GetTagItem("modelops.experiment") as string == "activity-test")
                {
                    lock (tags)
                    {
                        tags.AddRange(a.Tags);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var (evaluator, _) = Evaluator(days: 8);
        await evaluator.EvaluateAsync(Request(Accuracy("champion", 1, 5000, 0.80), Accuracy("challenger", 2, 5000, 0.84)) with { ExperimentName = "activity-test" });
        Assert.Contains(new KeyValuePair<string, string?>("modelops.decision", "Promote"), tags);
        Assert.Contains(new KeyValuePair<string, string?>("modelops.decision.rule", "ChallengerBetter"), tags);
    }

    [Fact]
    public async Task Evaluate_InvalidPolicy_ListsEveryProblem()
    {
        var (evaluator, _) = Evaluator(days: 8);
        var bad = Policy with { Alpha = 1.5, MinimumSamplesPerArm = 1, MaximumP95LatencyRatio = 0.5 };
        var ex = await Assert.ThrowsAsync<ArgumentException>(async () => await evaluator.EvaluateAsync(Request(Accuracy("champion", 1, 10, 0.8), Accuracy("challenger", 2, 10, 0.8)) with { Policy = bad }));
        Assert.Contains("Alpha: must be between 0 and 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MinimumSamplesPerArm: must be at least 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaximumP95LatencyRatio: must be at least 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains(new EvaluationPolicy().Validate(QualityMetricKind.Reward), p => p.StartsWith("MixingVariance:", StringComparison.Ordinal));
        Assert.Empty(new EvaluationPolicy().Validate(QualityMetricKind.BinaryClassification));
    }

    [Fact]
    public void Policy_RoundTripsThroughWebJson()
    {
        var policy = Policy with { MaximumP95Latency = TimeSpan.FromMilliseconds(250), MaximumSamplesPerArm = 50_000, MinimumEffect = 0.01 };
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var read = JsonSerializer.Deserialize<EvaluationPolicy>(JsonSerializer.Serialize(policy, options), options);
        Assert.Equal(policy, read);
    }

    private static (ChampionChallengerEvaluator Evaluator, FakeTimeProvider Time) Evaluator(int days)
    {
        var time = new FakeTimeProvider(Start.AddDays(days));
        return (new ChampionChallengerEvaluator(time), time);
    }

    private static EvaluationRequest Request(ArmStatistics champion, ArmStatistics challenger) => new()
    {
        ModelName = "credit",
        ExperimentName = "exp",
        Champion = champion,
        Challenger = challenger,
        Policy = Policy,
        StartedAt = Start,
    };

    internal static ArmStatistics Accuracy(string arm, int version, long n, double accuracy, long calls = 0, long errors = 0, TimeSpan latency = default)
    {
        var correct = Math.Round(accuracy * n);
        var recorder = new ArmStatisticsRecorder(arm, version, QualityMetricKind.BinaryClassification);
        for (var i = 0; i < calls; i++)
        {
            recorder.RecordCall(latency, i < errors);
        }

        return recorder.Snapshot() with { PrimaryOutcome = new RunningMoments(n, correct / n, correct * (1 - (correct / n))) };
    }

    private static ArmStatistics Numeric(string arm, int version, QualityMetricKind kind, long n, double mean, double sd) =>
        new() { Arm = arm, Version = version, Kind = kind, PrimaryOutcome = new RunningMoments(n, mean, sd * sd * (n - 1)) };
}
