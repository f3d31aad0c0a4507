using MathNet.Numerics.Distributions;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Statistics;
using Xunit.Abstractions;

namespace ModelOps.Sdk.Routing.Tests.Evaluation;

/// <summary>
/// Simulated experiments evaluated after every batch, as a host would: with no real difference the promote rate stays at or below
/// alpha even though every look may promote; with a known effect the promote share reaches the power documented in
/// docs/champion-challenger.md for the design (mixing variance, maximum samples). Each batch's sufficient statistics are drawn
/// directly (a binomial count, or a normal sum and a chi-square sum of squares), so 1,000 experiments take well under a second.
/// </summary>
public sealed class SequentialSimulationTests(ITestOutputHelper output)
{
    private const int Experiments = 1000;
    private const int BatchPerArm = 250;
    private const int Batches = 40; // at most 10,000 outcomes per arm
    private const double Alpha = 0.05;

    // Three standard errors of a proportion near alpha over 1,000 experiments: sqrt(0.05 * 0.95 / 1000) = 0.0069.
    private const double SamplingError = 3 * 0.0069;

    private static readonly EvaluationPolicy AccuracyPolicy = new()
    {
        Alpha = Alpha,
        MixingVariance = 0.02 * 0.02,
        MinimumSamplesPerArm = 500,
        MinimumDuration = TimeSpan.FromDays(1),
        MaximumSamplesPerArm = BatchPerArm * Batches,
    };

    private static readonly EvaluationPolicy RewardPolicy = AccuracyPolicy with { MixingVariance = 0.2 * 0.2 };

    [Fact]
    public async Task AA_Accuracy_PromoteRateStaysAtOrBelowAlpha()
    {
        var result = await SimulateAsync(QualityMetricKind.BinaryClassification, AccuracyPolicy, 0.80, 0.80, seed: 11);
        Assert.True(result.PromoteRate <= Alpha + SamplingError, $"A/A promote rate {result.PromoteRate:P2}");
    }

    [Fact]
    public async Task AA_Reward_PromoteRateStaysAtOrBelowAlpha()
    {
        var result = await SimulateAsync(QualityMetricKind.Reward, RewardPolicy, 10.0, 10.0, seed: 12);
        Assert.True(result.PromoteRate <= Alpha + SamplingError, $"A/A promote rate {result.PromoteRate:P2}");
    }

    [Fact]
    public async Task KnownEffect_Accuracy_PromoteShareReachesTheDocumentedPower()
    {
        // Documented design: accuracy 0.80 -> 0.82, tau = 0.02, looks every 250 outcomes per arm, at most 10,000 per arm:
        // power 0.79 (measured over 20,000 simulated experiments; see docs/champion-challenger.md). Three standard errors over
        // 1,000 experiments: 3 * sqrt(0.79 * 0.21 / 1000) = 0.039.
        var result = await SimulateAsync(QualityMetricKind.BinaryClassification, AccuracyPolicy, 0.80, 0.82, seed: 13);
        Assert.True(result.PromoteRate >= 0.79 - 0.039, $"power {result.PromoteRate:P2}");
        Assert.True(result.WrongWayRate <= 0.005, $"abandoned a better challenger as worse: {result.WrongWayRate:P2}");
    }

    [Fact]
    public async Task KnownEffect_Reward_PromoteShareReachesTheDocumentedPower()
    {
        // Documented design: mean reward 10 -> 10.2 with standard deviation 4, tau = 0.2, same looks: power 0.77
        // (20,000 simulated experiments). Three standard errors over 1,000: 3 * sqrt(0.77 * 0.23 / 1000) = 0.040.
        var result = await SimulateAsync(QualityMetricKind.Reward, RewardPolicy, 10.0, 10.2, seed: 14);
        Assert.True(result.PromoteRate >= 0.77 - 0.040, $"power {result.PromoteRate:P2}");
    }

    private async Task<SimulationResult> SimulateAsync(QualityMetricKind metric, EvaluationPolicy policy, double champion, double challenger, int seed, int experiments = Experiments)
    {
        var random = new Random(seed);
        int promoted = 0, worse = 0, stoppedEarly = 0;
        long samples = 0;
        for (var e = 0; e < experiments; e++)
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero));
            var evaluator = new ChampionChallengerEvaluator(time);
            var started = time.GetUtcNow();
            RunningMoments a = default, b = default;
            SequentialTestState? state = null;
            for (var batch = 0; batch < Batches; batch++)
            {
                time.Advance(TimeSpan.FromHours(3));
                a = RunningMoments.Merge(a, DrawBatch(random, metric, champion));
                b = RunningMoments.Merge(b, DrawBatch(random, metric, challenger));
                var decision = await evaluator.EvaluateAsync(new EvaluationRequest
                {
                    ModelName = "credit",
                    ExperimentName = "sim",
                    Champion = new ArmStatistics { Arm = "champion", Kind = metric, PrimaryOutcome = a },
                    Challenger = new ArmStatistics { Arm = "challenger", Kind = metric, PrimaryOutcome = b },
                    Policy = policy,
                    StartedAt = started,
                    PreviousState = state,
                });
                state = decision.State;
                if (decision.Kind == DecisionKind.Continue)
                {
                    continue;
                }

                promoted += decision.Kind == DecisionKind.Promote ? 1 : 0;
                worse += decision.Rule == DecisionRule.ChallengerWorse ? 1 : 0;
                stoppedEarly += decision.Rule == DecisionRule.MaximumSamplesReached ? 0 : 1;
                break;
            }

            samples += b.Count;
        }

        var result = new SimulationResult((double)promoted / experiments, (double)worse / experiments, (double)stoppedEarly / experiments, (double)samples / experiments);
        output.WriteLine($"{metric} {champion} -> {challenger}: {result}");
        return result;
    }

    // One batch's sufficient statistics drawn at once: count, mean and sum of squared deviations.
    private static RunningMoments DrawBatch(Random random, QualityMetricKind metric, double parameter)
    {
        if (metric == QualityMetricKind.BinaryClassification)
        {
            double successes = Binomial.Sample(random, parameter, BatchPerArm);
            return new RunningMoments(BatchPerArm, successes / BatchPerArm, successes * (1 - (successes / BatchPerArm)));
        }

        const double sigma = 4;
        var mean = Normal.Sample(random, parameter, sigma / Math.Sqrt(BatchPerArm));
        // A chi-square with k degrees of freedom is a gamma with shape k/2 and rate 1/2 (sampled in O(1)).
        var m2 = sigma * sigma * Gamma.Sample(random, (BatchPerArm - 1) / 2.0, 0.5);
        return new RunningMoments(BatchPerArm, mean, m2);
    }

    private sealed record SimulationResult(double PromoteRate, double WrongWayRate, double DecidedBeforeMaximum, double MeanChallengerSamples);
}
