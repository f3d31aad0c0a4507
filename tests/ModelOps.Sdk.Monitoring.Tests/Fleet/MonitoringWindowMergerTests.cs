using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;

namespace ModelOps.Sdk.Monitoring.Tests.Fleet;

public class MonitoringWindowMergerTests
{
    private static readonly MonitoringPeriod Period = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero));

    private static readonly DriftOptions Drift = new();

    private static readonly DataQualityOptions Quality = new();

    private static readonly Lazy<DataProfile> Reference = new(() =>
    {
        var (rows, decisions) = ProfileRows.Generate(2_000, seed: 11);
        return ProfileRows.Schema.FitReference(rows, decisions);
    });

    [Property(MaxTest = 100)]
    public Property Merge_OfRowsSplitOverThreeInstances_ReportsWhatOneInstanceWithAllRowsReports()
    {
        // Rows of the reference's population, shifted, in any number and split over the instances in any way.
        var data = (from count in Gen.Choose(30, 600)
                    from seed in Gen.Choose(0, 100_000)
                    from shift in Gen.Choose(0, 20_000)
                    select ProfileRows.Generate(count, seed, incomeShift: shift, extraRegion: seed % 2 == 0 ? "MARS" : null).Rows.ToArray()).ToArbitrary();
        var split = Gen.Choose(0, 2).ArrayOf().ToArbitrary();
        return Prop.ForAll(data, split, (rows, owners) =>
        {
            var instances = Enumerable.Range(0, 3)
                .Select(k => rows.Where((_, i) => (owners.Length == 0 ? i : owners[i % owners.Length]) % 3 == k).ToArray())
                .Where(part => part.Length > 0)
                .Select((part, k) => Window($"instance-{k}", part))
                .ToList();

            var merged = MonitoringWindowMerger.Merge(Reference.Value, instances);
            var alone = Window("alone", rows);

            Assert.Equal(instances.Count, merged.Instances.Count);
            Assert.Equal(Json(alone.Report), Json(merged.Report));
        });
    }

    [Fact]
    public void Merge_OfThreeAlignedMonitorsWindows_EqualsTheWindowOfOneMonitorThatSawEveryRow()
    {
        var time = new FakeTimeProvider(Period.Start + TimeSpan.FromMinutes(3));
        var options = new StreamingMonitorOptions { WindowDuration = TimeSpan.FromHours(1), AlignToUtcPeriods = true };
        var monitors = Enumerable.Range(0, 3).Select(_ => new StreamingMonitor<LoanRow, LoanDecision>(ProfileRows.Schema, Reference.Value, options, time)).ToList();
        using var alone = new StreamingMonitor<LoanRow, LoanDecision>(ProfileRows.Schema, Reference.Value, options, time);
        var (rows, decisions) = ProfileRows.Generate(3_000, seed: 41, incomeShift: 9_000, extraRegion: "MARS");
        for (var i = 0; i < rows.Count; i++)
        {
            monitors[i % 3].Observe(rows[i], decisions[i]);
            alone.Observe(rows[i], decisions[i]);
        }

        time.Advance(TimeSpan.FromMinutes(57));
        var saved = monitors.Select((m, k) => SavedMonitoringWindow.FromJson(Saved($"host-{k}", m.LastWindow!).ToJson())).ToList();
        var merged = MonitoringWindowMerger.Merge(Reference.Value, saved);
        var expected = Saved("alone", alone.LastWindow!);

        Assert.Equal(["host-0", "host-1", "host-2"], merged.Instances);
        Assert.Equal(Period, saved[0].Period);
        Assert.Equal(3_000, merged.Report.CurrentRows);
        Assert.Contains(merged.Report.Features, f => f.Drifted);
        Assert.Equal(Json(expected.Report), Json(merged.Report));
        foreach (var monitor in monitors)
        {
            monitor.Dispose();
        }
    }

    [Fact]
    public void Add_WindowOfAnotherPeriod_IsRefusedNamingBothPeriods()
    {
        var (rows, _) = ProfileRows.Generate(50, seed: 42);
        var merger = new MonitoringWindowMerger();
        merger.Add(Window("a", [.. rows]));
        var later = Window("b", [.. rows]) with { Period = new MonitoringPeriod(Period.End, Period.End + TimeSpan.FromHours(1)) };

        var ex = Assert.Throws<InvalidMonitoringInputException>(() => merger.Add(later));
        Assert.Contains("instance 'b'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, merger.WindowCount);
    }

    private static SavedMonitoringWindow Saved(string instance, MonitorWindow window) => new()
    {
        InstanceId = instance,
        ModelName = "loans",
        ModelVersion = 1,
        StartedAt = window.StartedAt,
        EndedAt = window.EndedAt,
        Period = MonitoringPeriod.Containing(window.StartedAt, TimeSpan.FromHours(1)),
        ReferenceProfileName = ReferenceProfileRegistryExtensions.DefaultName,
        Profile = window.Profile,
        Drift = Drift,
        Quality = Quality,
        Report = DriftAnalyzer.Analyze(Reference.Value, window.Profile, Drift, new MonitoringReportContext
        {
            ModelName = "loans",
            ModelVersion = 1,
            WindowStartedAt = window.StartedAt,
            WindowEndedAt = window.EndedAt,
            Quality = Quality,
        }),
    };

    /// <summary>The window one instance saves for <paramref name="rows"/>, with the fairness counts of the approvals per region.</summary>
    private static SavedMonitoringWindow Window(string instance, LoanRow[] rows)
    {
        var decisions = rows.Select(r => new LoanDecision(r.Income / 100_000, r.Income > 50_000)).ToList();
        var profile = ProfileRows.Schema.Profile(Reference.Value, rows, decisions);
        var counts = new GroupOutcomeCounts();
        for (var i = 0; i < rows.Length; i++)
        {
            counts.Add(new FairnessGroup(rows[i].Region ?? FairnessMonitor<LoanRow, LoanDecision>.MissingGroup), decisions[i].Approved);
        }

        var fairness = new FairnessWindowCounts { Attribute = "Region", Groups = counts.Groups, PrivilegedGroup = new FairnessGroup("EU"), MinimumGroupSize = 1 };
        var context = new MonitoringReportContext
        {
            ModelName = "loans",
            ModelVersion = 1,
            WindowStartedAt = Period.Start,
            WindowEndedAt = Period.End,
            Quality = Quality,
            FairnessByAttribute = [fairness.ToReport()],
        };
        return new SavedMonitoringWindow
        {
            InstanceId = instance,
            ModelName = "loans",
            ModelVersion = 1,
            StartedAt = Period.Start,
            EndedAt = Period.End,
            Period = Period,
            ReferenceProfileName = ReferenceProfileRegistryExtensions.DefaultName,
            Profile = profile,
            Fairness = [fairness],
            Drift = Drift,
            Quality = Quality,
            Report = DriftAnalyzer.Analyze(Reference.Value, profile, Drift, context),
        };
    }

    private static string Json(MonitoringReport report) => Encoding.UTF8.GetString(report.ToJson());
}
