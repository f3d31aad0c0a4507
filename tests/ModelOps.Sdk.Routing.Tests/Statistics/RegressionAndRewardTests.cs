using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

public sealed class RegressionAndRewardTests
{
    [Fact]
    public void Regression_OfTheScikitLearnExample_HasTheDocumentedMaeAndRmse()
    {
        // sklearn mean_absolute_error / root_mean_squared_error docs: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8]
        // -> MAE 0.5, MSE 0.375, RMSE 0.612372...
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Regression);
        double[] actual = [3, -0.5, 2, 7];
        double[] predicted = [2.5, 0.0, 2, 8];
        for (var i = 0; i < actual.Length; i++)
        {
            recorder.RecordRegressionOutcome(actual[i], predicted[i]);
        }

        var metrics = recorder.Snapshot().Regression!;
        Assert.Equal(0.5, metrics.Mae, 12);
        Assert.Equal(Math.Sqrt(0.375), metrics.Rmse, 12);
        Assert.Equal(0.612372, metrics.Rmse, 6);
    }

    [Fact]
    public void Reward_HasMeanAndSampleVariance()
    {
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward);
        foreach (var r in new double[] { 2, 4, 4, 4, 5, 5, 7, 9 })
        {
            recorder.RecordReward(r);
        }

        var reward = recorder.Snapshot().Reward!.Value;
        Assert.Equal(5, reward.Mean, 12);
        Assert.Equal(32.0 / 7, reward.Variance, 12); // population variance 4, sample variance 32/7
        Assert.Equal(4, reward.PopulationVariance, 12);
    }

    [Fact]
    public void Shadow_CountsAgreementsAtTheThreshold_AndPairedDifferences()
    {
        var recorder = new ArmStatisticsRecorder("shadow", 2, QualityMetricKind.BinaryClassification);
        recorder.RecordShadowComparison(0.2, 0.3); // both negative: agree, +0.1
        recorder.RecordShadowComparison(0.6, 0.4); // disagree, -0.2
        recorder.RecordShadowComparison(0.9, 0.8); // agree, -0.1
        var shadow = recorder.Snapshot().Shadow!;
        Assert.Equal(3, shadow.Pairs);
        Assert.Equal(2.0 / 3, shadow.AgreementRate, 12);
        Assert.Equal(-0.2 / 3, shadow.ScoreDifference.Mean, 12);
    }

    [Fact]
    public void Merge_OfDifferentArmsOrVersions_IsRefusedNamingTheField()
    {
        var a = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.Reward).Snapshot();
        Assert.Equal("Arm", Assert.Throws<ExperimentStatisticsMismatchException>(() => ArmStatistics.Merge(a, a with { Arm = "other" })).Field);
        Assert.Equal("Version", Assert.Throws<ExperimentStatisticsMismatchException>(() => ArmStatistics.Merge(a, a with { Version = 2 })).Field);
        Assert.Equal("Kind", Assert.Throws<ExperimentStatisticsMismatchException>(() => ArmStatistics.Merge(a, a with { Kind = QualityMetricKind.Regression })).Field);
    }
}
