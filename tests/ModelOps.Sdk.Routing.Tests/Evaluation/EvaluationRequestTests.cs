using ModelOps.Sdk.Routing.Evaluation;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Routing.Tests.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Evaluation;

public sealed class EvaluationRequestTests
{
    private static readonly EvaluationPolicy Policy = new();

    [Fact]
    public void ForChallenger_Split_TakesSharesAndCallsInArmOrder_AndEmptyStatisticsForASilentArm()
    {
        var definition = new ExperimentBuilder("credit", "exp").WithChampionVersion(1, 80).AddChallengerVersion("a", 2, 10).AddChallengerVersion("b", 3, 10).Build();
        var statistics = new ExperimentStatistics
        {
            ExperimentName = "exp",
            Instances = ["i"],
            Arms = [Calls("champion", 1, 800), Calls("b", 3, 95), Calls("b", 4, 5)],
        };

        var request = EvaluationRequest.ForChallenger(definition, statistics, "b", Policy, DateTimeOffset.UnixEpoch);

        Assert.Equal([0.8, 0.1, 0.1], request.ExpectedWeights!.Select(w => Math.Round(w, 12)));
        Assert.Equal([800L, 0L, 100L], request.ObservedCounts);
        Assert.Equal(2, request.ChallengerCount);
        Assert.Equal((100L, (int?)4), (request.Challenger.Calls, request.Challenger.Version)); // both versions, reported as the latest
        Assert.Equal(0, EvaluationRequest.ForChallenger(definition, statistics, "a", Policy, DateTimeOffset.UnixEpoch).Challenger.Calls);
        Assert.Throws<ArgumentException>(() => EvaluationRequest.ForChallenger(definition, statistics, "champion", Policy, DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void ForChallenger_ShadowOrRamp_SkipsTheSampleRatioCheck()
    {
        var empty = new ExperimentStatistics { ExperimentName = "exp", Instances = [], Arms = [] };
        var shadow = new ExperimentBuilder("credit", "exp").WithChampionVersion(1).AddChallengerVersion("a", 2).WithShadowMode().Build();
        var ramp = new ExperimentBuilder("credit", "exp").WithChampionVersion(1).AddChallengerVersion("a", 2).WithRamp(new RampStep(0.05, TimeSpan.FromDays(1)), new RampStep(0.5, TimeSpan.FromDays(1))).Build();
        Assert.Null(EvaluationRequest.ForChallenger(shadow, empty, "a", Policy, DateTimeOffset.UnixEpoch).ExpectedWeights);
        Assert.Null(EvaluationRequest.ForChallenger(ramp, empty, "a", Policy, DateTimeOffset.UnixEpoch).ObservedCounts);
    }

    private static ArmStatistics Calls(string arm, int version, int calls)
    {
        var recorder = new ArmStatisticsRecorder(arm, version, QualityMetricKind.BinaryClassification);
        for (var i = 0; i < calls; i++)
        {
            recorder.RecordCall(TimeSpan.FromMilliseconds(1), failed: false);
        }

        return recorder.Snapshot();
    }
}
