using System.Globalization;
using System.Net;
using System.Text;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;

namespace ModelOps.Sdk.Reporting.Tests;

/// <summary>
/// The window kinds of a fleet, from three instances' real monitors: aligned tumbling windows merge into the fleet's window, while
/// unaligned windows (tumbling without alignment, row-count, sliding) are shown one per instance with their instance id and period,
/// never summed; each instance's concept-drift status is shown under its id in every case.
/// </summary>
public sealed class FleetWindowKindsTests
{
    [Fact]
    public async Task ReadModelAsync_AlignedTumblingWindowsOfThreeInstances_MergeIntoOneWindowEqualToOneMonitorOfEveryRow()
    {
        await using var fleet = await MonitoredFleet.RunAsync(FleetWindowKind.AlignedTumbling);
        var saved = (await fleet.SavedWindowsAsync()).Select(static s => s.Window).ToList();

        var section = await fleet.Generator.ReadModelAsync("loans", ReportScope.All);

        var window = Assert.Single(section.Windows);
        Assert.Equal(fleet.InstanceIds, window.Instances);
        Assert.Equal(saved[0].Period, window.Period);
        Assert.Equal(900, window.Report.CurrentRows);
        var reference = await fleet.Registry.LoadReferenceProfileAsync("loans", 1);
        var rows = fleet.Observed.Values.SelectMany(static o => o.Rows).ToList();
        var decisions = fleet.Observed.Values.SelectMany(static o => o.Decisions).ToList();
        var alone = DriftAnalyzer.Analyze(reference, ProfileRows.Schema.Profile(reference, rows, decisions), new DriftOptions(), new MonitoringReportContext
        {
            ModelName = "loans",
            ModelVersion = 1,
            WindowStartedAt = saved.Min(static w => w.StartedAt),
            WindowEndedAt = saved.Max(static w => w.EndedAt),
        });
        Assert.Equal(Encoding.UTF8.GetString(alone.ToJson()), Encoding.UTF8.GetString(window.Report.ToJson()));
        Assert.Empty(window.Report.ConceptDrift);   // a detector's state is not a sum: the fleet's window has none

        var page = await HtmlAsync(fleet);
        Assert.Contains("(3 instances contributed)", page, StringComparison.Ordinal);
        Assert.Contains("<td data-field=\"window-instances\">3: host-0, host-1, host-2</td><td>merged: the aligned period of every instance</td><td class=\"num\" data-field=\"window-rows\">900</td>", page, StringComparison.Ordinal);
        AssertConceptDriftPerInstance(section, saved, page);
    }

    [Theory]
    [InlineData(FleetWindowKind.UnalignedTumbling)]
    [InlineData(FleetWindowKind.RowCount)]
    [InlineData(FleetWindowKind.Sliding)]
    public async Task ReadModelAsync_UnalignedWindowsOfThreeInstances_ShownOnePerInstanceWithItsPeriodAndNeverSummed(FleetWindowKind kind)
    {
        await using var fleet = await MonitoredFleet.RunAsync(kind);
        var documents = await fleet.SavedWindowsAsync();
        var saved = documents.Select(static s => s.Window).ToList();
        Assert.All(saved, static w => Assert.Null(w.Period));

        var section = await fleet.Generator.ReadModelAsync("loans", ReportScope.All);

        // One window in the report per window an instance saved, each its instance's own report, never a sum of several.
        Assert.Equal(saved.Count, section.Windows.Count);
        foreach (var (document, expected) in documents)
        {
            var shown = Assert.Single(section.Windows, w => w.Document.Sequence == document.Sequence);
            Assert.Equal([expected.InstanceId], shown.Instances);
            Assert.Equal((expected.StartedAt, expected.EndedAt), (shown.StartedAt, shown.EndedAt));
            Assert.Null(shown.Period);
            Assert.Equal(Encoding.UTF8.GetString(expected.Report.ToJson()), Encoding.UTF8.GetString(shown.Report.ToJson()));
        }

        foreach (var (instance, observed) in fleet.Observed)
        {
            var own = section.Windows.Where(w => w.Instances[0] == instance).ToList();
            Assert.NotEmpty(own);
            Assert.All(own, w => Assert.True(w.Report.CurrentRows <= observed.Rows.Count, $"{instance}'s window holds {w.Report.CurrentRows} rows, more than the {observed.Rows.Count} it observed"));
            if (kind != FleetWindowKind.Sliding)
            {
                Assert.Equal(observed.Rows.Count, own.Sum(static w => w.Report.CurrentRows));   // tumbling: each row in one window
            }
        }

        var page = await HtmlAsync(fleet);
        Assert.Contains("(1 instance contributed)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("instances contributed", page, StringComparison.Ordinal);
        foreach (var w in section.Windows.TakeLast(new ReportingOptions().FeatureDriftWindows))
        {
            Assert.Contains(
                $"<tr><th scope=\"row\" data-field=\"window-period\">{Time(w.StartedAt!.Value)} to {Time(w.EndedAt)}</th><td data-field=\"window-instances\">1: {w.Instances[0]}</td><td>on its own: not aligned, never added to another instance's</td><td class=\"num\" data-field=\"window-rows\">{w.Report.CurrentRows:N0}</td>",
                page,
                StringComparison.Ordinal);
        }

        AssertConceptDriftPerInstance(section, saved, page);
    }

    /// <summary>Each instance's detectors, from its latest window, in the section and on the page under its id.</summary>
    private static void AssertConceptDriftPerInstance(ModelSection section, List<Monitoring.Fleet.SavedMonitoringWindow> saved, string page)
    {
        Assert.Equal(["host-0", "host-1", "host-2"], section.ConceptDrift.Select(static c => c.InstanceId));
        foreach (var status in section.ConceptDrift)
        {
            var latest = saved.Where(w => w.InstanceId == status.InstanceId).OrderBy(static w => w.EndedAt).Last();   // saving order breaks ties (row-count windows)
            Assert.Equal(1, status.Version);
            Assert.Equal(latest.EndedAt, status.WindowEndedAt);
            Assert.Equal(latest.Report.ConceptDrift, status.Detectors);
            Assert.NotEmpty(status.Detectors);
            foreach (var detector in status.Detectors)
            {
                Assert.Contains($"<tr data-instance=\"{status.InstanceId}\" data-detector=\"{WebUtility.HtmlEncode(detector.Detector)}\"><th scope=\"row\">{status.InstanceId}</th><td>{Time(status.WindowEndedAt)}</td>", page, StringComparison.Ordinal);
            }
        }

        // Only the last instance's labels turned against its decisions: its own detectors saw the errors, the others' did not.
        Assert.All(section.ConceptDrift.SkipLast(1).SelectMany(static c => c.Detectors), static d => Assert.NotEqual(Monitoring.ConceptDrift.ConceptDriftState.Drift, d.State));
        Assert.Contains(section.ConceptDrift[^1].Detectors, static d => d.Detections > 0);
    }

    private static async Task<string> HtmlAsync(MonitoredFleet fleet)
    {
        using var html = new MemoryStream();
        await fleet.Generator.WriteHtmlAsync(html, ReportScope.All);
        return Encoding.UTF8.GetString(html.ToArray());
    }

    /// <summary>A time as the report writes it in UTC, its default zone.</summary>
    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
