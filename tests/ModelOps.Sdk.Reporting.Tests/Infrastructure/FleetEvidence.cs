using System.Globalization;
using Microsoft.Playwright;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Quality;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Reporting.Tests.Infrastructure;

/// <summary>
/// What serving instances save for a version, written through the public API as they write it: per instance, one aligned daily
/// window of generated loan rows with its profile in the reference's bins, and hourly scorer telemetry snapshots. Also checks that a
/// page shows the histogram and scoring figures the library computed for a section.
/// </summary>
public static class FleetEvidence
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// Saves, for each instance, a daily window of the day holding <paramref name="day"/> and telemetry for the first
    /// <paramref name="hours"/> hours of that day; fits and saves a reference profile when the version has none.
    /// </summary>
    public static async Task SaveAsync(IModelRegistry registry, string model, int version, DateTimeOffset day, int hours, params string[] instances)
    {
        var period = MonitoringPeriod.Containing(day, TimeSpan.FromDays(1));
        DataProfile reference;
        if ((await registry.ListDocumentsAsync(model, version, DocumentKinds.ReferenceProfile)).Count > 0)
        {
            reference = await registry.LoadReferenceProfileAsync(model, version);
        }
        else
        {
            var (referenceRows, referenceDecisions) = ProfileRows.Generate(2_000, seed: 1);
            reference = ProfileRows.Schema.FitReference(referenceRows, referenceDecisions);
            await registry.SaveReferenceProfileAsync(model, version, reference);
        }

        var random = new Random(19);
        for (var k = 0; k < instances.Length; k++)
        {
            var (rows, decisions) = ProfileRows.Generate(300, seed: 200 + k, incomeShift: 4_000 * k);
            var profile = ProfileRows.Schema.Profile(reference, rows, decisions);
            var report = DriftAnalyzer.Analyze(reference, profile, new DriftOptions(), new MonitoringReportContext
            {
                ModelName = model,
                ModelVersion = version,
                WindowStartedAt = period.Start,
                WindowEndedAt = period.End,
            });
            await registry.SaveMonitoringWindowAsync(new SavedMonitoringWindow
            {
                InstanceId = instances[k],
                ModelName = model,
                ModelVersion = version,
                StartedAt = period.Start,
                EndedAt = period.End,
                Period = period,
                ReferenceProfileName = ReferenceProfileRegistryExtensions.DefaultName,
                Profile = profile,
                Drift = new DriftOptions(),
                Quality = new DataQualityOptions(),
                Report = report,
            }, "production");

            // Saved as the hosting layer saves it: a revision of the instance's series per hour, holding every hour so far.
            var series = new List<ScorerTelemetrySnapshot>();
            for (var h = 0; h < hours; h++)
            {
                var latencies = Enumerable.Range(0, 20 + (5 * h) + k).Select(_ => TimeSpan.FromMilliseconds(0.5 + (random.NextDouble() * 30))).ToList();
                var snapshot = new ScorerTelemetrySnapshot
                {
                    Instances = [instances[k]],
                    ModelName = model,
                    ModelVersion = version,
                    PeriodStart = period.Start.AddHours(h),
                    PeriodEnd = period.Start.AddHours(h + 1),
                    Calls = (64 * latencies.Count) + k,
                    Errors = h + k,
                    Latency = ScorerLatencyHistogram.FromLatencies(latencies),
                };
                series.Add(snapshot);
                await registry.AttachDocumentAsync(new DocumentAttachment
                {
                    ModelName = model,
                    Version = version,
                    Kind = DocumentKinds.ScorerTelemetrySeries,
                    Name = $"scorer-telemetry.{instances[k]}.evidence.{period.Start.UtcDateTime:yyyyMMdd'T'HHmm'Z'}",
                    MediaType = "application/json",
                    Content = new ScorerTelemetrySeries { InstanceId = instances[k], ModelName = model, ModelVersion = version, Snapshots = series }.ToJson(),
                });
            }
        }
    }

    /// <summary>
    /// Asserts that the page's section of <paramref name="section"/>'s model shows every histogram's bins with the shares the library
    /// computed, the instances and rows of each window in the windows table, and every version's scoring load per period with its calls, error rate, estimated latency and instances.
    /// </summary>
    public static async Task AssertShownAsync(IPage page, ModelSection section, string sectionId)
    {
        var root = page.Locator($"section#{sectionId}");
        Assert.NotEmpty(section.Histograms);
        foreach (var h in section.Histograms)
        {
            var table = root.Locator($"table[data-histogram='{h.Feature}'][data-version='{h.Version}']");
            Assert.Equal(h.Bins.Select(static b => b.Label), await table.Locator("tbody tr th").AllInnerTextsAsync());
            Assert.Equal(h.Bins.Select(static b => Percent(b.ReferenceShare)), await table.Locator("td[data-field='reference-share']").AllInnerTextsAsync());
            Assert.Equal(h.Bins.Select(static b => Percent(b.CurrentShare)), await table.Locator("td[data-field='current-share']").AllInnerTextsAsync());
        }

        // Each version's windows table: where every window the drift table shows comes from, and its rows.
        foreach (var group in section.Windows.GroupBy(static w => w.Version))
        {
            var shown = group.TakeLast(new ReportingOptions().FeatureDriftWindows).ToList();
            var table = root.Locator($"table[data-windows='{group.Key}']");
            Assert.Equal(shown.Select(static w => w.InstanceCount == 0 ? "not recorded" : $"{w.InstanceCount.ToString("N0", C)}: {string.Join(", ", w.Instances)}"), await table.Locator("td[data-field='window-instances']").AllInnerTextsAsync());
            Assert.Equal(shown.Select(static w => w.Report.CurrentRows.ToString("N0", C)), await table.Locator("td[data-field='window-rows']").AllInnerTextsAsync());
        }

        Assert.NotEmpty(section.Scoring);
        foreach (var load in section.Scoring)
        {
            var table = root.Locator($"table[data-scoring='{load.Version}']");
            Assert.Equal(load.Periods.Select(static p => p.Calls.ToString("N0", C)), await table.Locator("td[data-field='calls']").AllInnerTextsAsync());
            Assert.Equal(load.Periods.Select(static p => p.ErrorRate is { } r ? Percent(r) : "no calls"), await table.Locator("td[data-field='error-rate']").AllInnerTextsAsync());
            Assert.Equal(load.Periods.Select(static p => $"{Ms(p.P50)} / {Ms(p.P95)} / {Ms(p.P99)}"), await table.Locator("td[data-field='latency']").AllInnerTextsAsync());
            var instances = await root.Locator($"p[data-field='scoring-instances'][data-version='{load.Version}']").InnerTextAsync();
            Assert.StartsWith($"{load.Total.Instances.Count} instance(s) contributed: {string.Join(", ", load.Total.Instances)}. Median latency {Ms(load.Total.P50)},", instances, StringComparison.Ordinal);
        }
    }

    /// <summary>Keeps 1280x800 screenshots of the section's first histogram and of its scoring load, each scrolled into view.</summary>
    public static async Task ScreenshotAsync(IPage page, string sectionId, string output, string prefix)
    {
        var root = page.Locator($"section#{sectionId}");
        await root.Locator("table[data-histogram]").First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, $"{prefix}-histograms-1280x800.png") });
        await root.Locator("table[data-scoring]").First.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(output, $"{prefix}-scoring-1280x800.png") });
    }

    private static string Percent(double share) => (share * 100).ToString("0.0", C) + "%";

    private static string Ms(TimeSpan? latency) => latency is { } l ? l.TotalMilliseconds.ToString("0.####", C) + " ms" : "no call timed";
}
