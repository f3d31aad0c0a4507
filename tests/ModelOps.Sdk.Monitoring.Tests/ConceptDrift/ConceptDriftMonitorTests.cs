using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.ConceptDrift;
using ModelOps.Sdk.Monitoring.Reports;
using Xunit.Abstractions;

namespace ModelOps.Sdk.Monitoring.Tests.ConceptDrift;

public sealed class ConceptDriftMonitorTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void LateLabelsInReverseOrder_JoinByIdAndFeedTheErrors()
    {
        var time = new FakeTimeProvider(Start);
        var monitor = ConceptDriftMonitor.ForClassification<bool>(timeProvider: time);
        for (var i = 0; i < 100; i++)
        {
            monitor.RecordPrediction($"p{i}", predictionOf(i));
            time.Advance(TimeSpan.FromMinutes(1));
        }

        time.Advance(TimeSpan.FromDays(6));   // within the 7-day time to live
        for (var i = 99; i >= 0; i--)
        {
            Assert.Equal(LabelMatch.Joined, monitor.RecordLabel($"p{i}", true));
        }

        var window = monitor.CloseWindow();

        // Predictions are true except every fourth; with every label true the error rate is exactly 25%.
        Assert.Equal(0.25, window.MeanError);
        Assert.Equal(100, window.Labels.JoinedLabels);
        Assert.Equal(0, window.Labels.PendingPredictions);
        Assert.All(window.Detectors, d => Assert.Equal(100, d.Observations));
        Assert.Equal(["ADWIN", "DDM", "Page-Hinkley"], window.Detectors.Select(d => d.Detector));

        static bool predictionOf(int i) => i % 4 != 0;
    }

    [Fact]
    public void LabelAfterTheTimeToLive_IsCountedAsExpiredAndFeedsNothing()
    {
        var time = new FakeTimeProvider(Start);
        var monitor = ConceptDriftMonitor.ForClassification<string>(new ConceptDriftMonitorOptions { LabelTimeToLive = TimeSpan.FromHours(1) }, time);
        monitor.RecordPrediction("old", "approve");
        time.Advance(TimeSpan.FromMinutes(30));
        monitor.RecordPrediction("young", "approve");
        time.Advance(TimeSpan.FromMinutes(30));   // "old" is now exactly one hour old: expired

        Assert.Equal(LabelMatch.Expired, monitor.RecordLabel("old", "decline"));
        Assert.Equal(LabelMatch.Joined, monitor.RecordLabel("young", "decline"));
        Assert.Equal(LabelMatch.Unmatched, monitor.RecordLabel("young", "decline"));   // its label already came
        Assert.Equal(LabelMatch.Unmatched, monitor.RecordLabel("never-recorded", "decline"));

        var totals = monitor.Totals;
        Assert.Equal(1, totals.ExpiredPredictions);
        Assert.Equal(1, totals.ExpiredLabels);
        Assert.Equal(1, totals.JoinedLabels);
        Assert.Equal(2, totals.UnmatchedLabels);
        Assert.Equal(0, totals.PendingPredictions);
        Assert.All(monitor.CloseWindow().Detectors, d => Assert.Equal(1, d.Observations));
    }

    [Fact]
    public void MorePendingThanTheBound_EvictsTheOldestAndCountsItsLateLabelAsExpired()
    {
        var time = new FakeTimeProvider(Start);
        var monitor = ConceptDriftMonitor.ForClassification<int>(new ConceptDriftMonitorOptions { MaxPendingPredictions = 3 }, time);
        for (var i = 0; i < 5; i++)
        {
            monitor.RecordPrediction($"p{i}", i);
        }

        Assert.Equal(3, monitor.Totals.PendingPredictions);
        Assert.Equal(2, monitor.Totals.EvictedPredictions);
        Assert.Equal(LabelMatch.Expired, monitor.RecordLabel("p0", 0));
        Assert.Equal(LabelMatch.Joined, monitor.RecordLabel("p4", 4));
    }

    [Fact]
    public void RecordOutcome_FeedsWithoutStoringAnything()
    {
        var monitor = ConceptDriftMonitor.ForClassification<int>(timeProvider: new FakeTimeProvider(Start));
        monitor.RecordOutcome(1, 2);
        monitor.RecordOutcome(1, 1);

        var window = monitor.CloseWindow();

        Assert.Equal(2, window.Labels.DirectOutcomes);
        Assert.Equal(0, window.Labels.PendingPredictions);
        Assert.Equal(0.5, window.MeanError);
    }

    [Fact]
    public void NonBinaryErrorWithDdm_ThrowsAndLeavesThePredictionPending()
    {
        var monitor = new ConceptDriftMonitor<double, double>((p, y) => Math.Abs(p - y), timeProvider: new FakeTimeProvider(Start));
        monitor.RecordPrediction("p", 0.7);

        var ex = Assert.Throws<InvalidMonitoringInputException>(() => monitor.RecordLabel("p", 1.0));

        Assert.Contains("DDM", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, monitor.Totals.PendingPredictions);
        Assert.All(monitor.CloseWindow().Detectors, d => Assert.Equal(0, d.Observations));

        // Without DDM a continuous loss is fine.
        var losses = new ConceptDriftMonitor<double, double>((p, y) => Math.Abs(p - y), new ConceptDriftMonitorOptions { Ddm = null }, new FakeTimeProvider(Start));
        losses.RecordPrediction("p", 0.7);
        Assert.Equal(LabelMatch.Joined, losses.RecordLabel("p", 1.0));
        Assert.Equal(0.3, losses.CloseWindow().MeanError!.Value, 12);
    }

    [Fact]
    public void InvalidOptions_ThrowNamingTheOption()
    {
        var ex = Assert.Throws<InvalidMonitoringInputException>(() => ConceptDriftMonitor.ForClassification<int>(new ConceptDriftMonitorOptions { MaxPendingPredictions = 0 }));
        Assert.Equal("MaxPendingPredictions", ex.Parameter);
        Assert.Throws<InvalidMonitoringInputException>(() => ConceptDriftMonitor.ForClassification<int>(new ConceptDriftMonitorOptions { Adwin = null, Ddm = null, PageHinkley = null }));
    }

    [Fact]
    public void AbruptChangeWithLateShuffledLabels_DetectedInTheWindowWhereItHappens()
    {
        // Errors 10% for 2,000 predictions, then 50%; labels arrive up to 200 predictions late and out of order.
        var time = new FakeTimeProvider(Start);
        var monitor = ConceptDriftMonitor.ForClassification<bool>(timeProvider: time);
        var random = new Random(5);
        var waiting = new List<(string Id, bool Label)>();
        var windows = new List<ConceptDriftWindow>();
        for (var i = 0; i < 4_000; i++)
        {
            var wrong = random.NextDouble() < (i < 2_000 ? 0.1 : 0.5);
            monitor.RecordPrediction($"p{i}", true);
            waiting.Add(($"p{i}", !wrong));
            if (waiting.Count == 200)
            {
                foreach (var (id, label) in waiting.OrderBy(_ => random.Next()))
                {
                    Assert.Equal(LabelMatch.Joined, monitor.RecordLabel(id, label));
                }

                waiting.Clear();
            }

            time.Advance(TimeSpan.FromSeconds(1));
            if ((i + 1) % 1_000 == 0)
            {
                windows.Add(monitor.CloseWindow());
            }
        }

        foreach (var w in windows)
        {
            output.WriteLine(string.Join(", ", w.Detectors.Select(d => $"{d.Detector} {d.State} ({d.WindowDetections})")) + $"; mean error {w.MeanError:F3}");
        }

        var adwin = windows.Select(w => w.Detectors.Single(d => d.Detector == "ADWIN")).ToList();
        Assert.Equal(ConceptDriftState.Stable, adwin[0].State);
        Assert.Equal(ConceptDriftState.Stable, adwin[1].State);
        Assert.Equal(ConceptDriftState.Drift, adwin[2].State);
        Assert.All(windows, w => Assert.Equal(0, w.Labels.UnmatchedLabels + w.Labels.ExpiredLabels));
    }

    [Fact]
    public async Task ConcurrentPredictionsAndLabels_EveryLabelJoinedOnce()
    {
        var monitor = ConceptDriftMonitor.ForClassification<int>(new ConceptDriftMonitorOptions { Adwin = null, PageHinkley = null }, new FakeTimeProvider(Start));
        const int Threads = 4;
        const int PerThread = 5_000;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workers = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < PerThread; i++)
            {
                monitor.RecordPrediction($"{t}-{i}", i % 2);
                if (i >= 10)
                {
                    Assert.Equal(LabelMatch.Joined, monitor.RecordLabel($"{t}-{i - 10}", 0));
                }
            }
        })).ToArray();

        start.SetResult();
        await Task.WhenAll(workers);

        var totals = monitor.Totals;
        Assert.Equal(Threads * (PerThread - 10), totals.JoinedLabels);
        Assert.Equal(Threads * 10, totals.PendingPredictions);
        Assert.Equal(Threads * (PerThread - 10), monitor.CloseWindow().Detectors.Single().Observations);
    }

    [Property(MaxTest = 200)]
    public void AnySequenceOfOperations_KeepsTheBoundAndAccountsForEveryLabel(int[] operations)
    {
        var time = new FakeTimeProvider(Start);
        var options = new ConceptDriftMonitorOptions { MaxPendingPredictions = 5, LabelTimeToLive = TimeSpan.FromMinutes(10), MaxRememberedExpiredIds = 5 };
        var monitor = ConceptDriftMonitor.ForClassification<int>(options, time);
        long labels = 0, outcomes = 0;
        foreach (var op in operations ?? [])
        {
            var id = $"p{Math.Abs(op % 12)}";
            switch (Math.Abs(op % 4))
            {
                case 0:
                    monitor.RecordPrediction(id, op & 1);
                    break;
                case 1:
                    monitor.RecordLabel(id, (op >> 1) & 1);
                    labels++;
                    break;
                case 2:
                    monitor.RecordOutcome(op & 1, (op >> 1) & 1);
                    outcomes++;
                    break;
                default:
                    time.Advance(TimeSpan.FromMinutes(Math.Abs(op % 7)));
                    break;
            }

            Assert.InRange(monitor.Totals.PendingPredictions, 0, 5);
        }

        var t = monitor.Totals;
        Assert.Equal(labels, t.JoinedLabels + t.UnmatchedLabels + t.ExpiredLabels);
        Assert.Equal(outcomes, t.DirectOutcomes);
        Assert.Equal(t.RecordedPredictions, t.PendingPredictions + t.JoinedLabels + t.ReplacedPredictions + t.ExpiredPredictions + t.EvictedPredictions);
        Assert.All(monitor.CloseWindow().Detectors, d => Assert.Equal(t.JoinedLabels + t.DirectOutcomes, d.Observations));
    }
}
