using FsCheck.Xunit;
using ModelOps.Sdk.Routing.Statistics;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

public sealed class BinaryClassificationMetricsTests
{
    [Fact]
    public void Metrics_OfTheScikitLearnRocAucExample_AreTheDocumentedValues()
    {
        // sklearn.metrics.roc_auc_score docs: y_true = [0, 0, 1, 1], y_scores = [0.1, 0.4, 0.35, 0.8] -> 0.75.
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.BinaryClassification);
        recorder.RecordBinaryOutcome(false, 0.1);
        recorder.RecordBinaryOutcome(false, 0.4);
        recorder.RecordBinaryOutcome(true, 0.35);
        recorder.RecordBinaryOutcome(true, 0.8);
        var metrics = recorder.Snapshot().Binary!;
        Assert.Equal(0.75, metrics.Auc, 12);
        Assert.Equal(0, metrics.AucErrorBound);
        // At threshold 0.5: TP = 1 (0.8), FN = 1 (0.35), TN = 2 -> accuracy 0.75, precision 1, recall 0.5.
        Assert.Equal(0.75, metrics.Accuracy, 12);
        Assert.Equal(1.0, metrics.Precision, 12);
        Assert.Equal(0.5, metrics.Recall, 12);
    }

    [Property(MaxTest = 200)]
    public void Auc_IsWithinItsStatedBoundOfTheExactMannWhitneyAuc((bool Actual, ushort Score)[] outcomes, bool coarse)
    {
        var options = new ArmStatisticsOptions { ScoreBins = coarse ? 10 : 1000 };
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.BinaryClassification, options);
        foreach (var (actual, score) in outcomes)
        {
            recorder.RecordBinaryOutcome(actual, score / 65535.0);
        }

        var metrics = recorder.Snapshot().Binary!;
        var positives = outcomes.Where(o => o.Actual).Select(o => o.Score / 65535.0).ToArray();
        var negatives = outcomes.Where(o => !o.Actual).Select(o => o.Score / 65535.0).ToArray();
        if (positives.Length == 0 || negatives.Length == 0)
        {
            Assert.True(double.IsNaN(metrics.Auc));
            return;
        }

        // Exact AUC by definition (roc_auc_score): P(score+ > score-) + 0.5 P(tie).
        double wins = 0;
        foreach (var p in positives)
        {
            foreach (var n in negatives)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        var exact = wins / (positives.Length * (double)negatives.Length);
        Assert.True(Math.Abs(exact - metrics.Auc) <= metrics.AucErrorBound + 1e-12, $"exact {exact}, binned {metrics.Auc}, bound {metrics.AucErrorBound}");
    }

    [Fact]
    public void Merge_OfDifferentBinCounts_IsRefusedNamingTheField()
    {
        var a = BinaryClassificationMetrics.Empty(10);
        var b = BinaryClassificationMetrics.Empty(1000);
        var ex = Assert.Throws<ExperimentStatisticsMismatchException>(() => BinaryClassificationMetrics.Merge(a, b));
        Assert.Equal("ScoreBins", ex.Field);
    }

    [Fact]
    public void RecordBinaryOutcome_ScoreOutsideZeroToOne_OrWrongKind_IsRefused()
    {
        var recorder = new ArmStatisticsRecorder("champion", 1, QualityMetricKind.BinaryClassification);
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.RecordBinaryOutcome(true, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => recorder.RecordBinaryOutcome(true, 1.2));
        Assert.Throws<InvalidOperationException>(() => recorder.RecordReward(1));
        Assert.Equal(0, recorder.Snapshot().Outcomes);
    }
}
