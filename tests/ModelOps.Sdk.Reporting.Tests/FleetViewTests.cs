using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Monitoring.Fairness;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Reporting.Tests;

/// <summary>
/// Three service instances on one filesystem registry, each monitoring the champion in aligned hourly windows and saving them
/// under its own instance id; the report merges the windows of one hour into the fleet's window.
/// </summary>
public sealed class FleetViewTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 20, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelops-fleet-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<ServiceProvider> _instances = [];

    public async Task InitializeAsync()
    {
        for (var k = 0; k < 3; k++)
        {
            _instances.Add(Instance($"host-{k}"));
        }

        var registry = _instances[0].GetRequiredService<IModelRegistry>();
        await using var artifact = new MemoryStream([1, 2, 3]);
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "loans", Flavor = "custom", Artifact = artifact });
        var (reference, referenceDecisions) = ProfileRows.Generate(2_000, seed: 1);
        await registry.SaveReferenceProfileAsync("loans", 1, ProfileRows.Schema.FitReference(reference, referenceDecisions));
        await registry.SetAliasAsync("loans", "champion", 1, "release");
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ReadModelAsync_WindowsOfOneHourFromThreeInstances_MergedIntoOneWindowThatSaysThreeInstancesContributed()
    {
        var monitors = new List<AliasMonitor<LoanRow, LoanDecision>>();
        foreach (var instance in _instances)
        {
            var monitor = instance.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>();
            await monitor.StartAsync(CancellationToken.None);
            monitor.Current!.TrackFairness(new FairnessMonitorBuilder<LoanRow, LoanDecision>(d => d.Approved).AddAttribute("region", r => r.Region).Build());
            monitors.Add(monitor);
        }

        var (rows, decisions) = ProfileRows.Generate(1_500, seed: 7, incomeShift: 12_000);
        for (var i = 0; i < rows.Count; i++)
        {
            monitors[(i * 7) % 3].Observe(rows[i], decisions[i]);   // uneven shares: 500 each, in another order
        }

        _time.Advance(new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero) - Start);   // the hour ends on every instance
        var registry = _instances[0].GetRequiredService<IModelRegistry>();
        // Each instance sees the others' writes at its next poll, on the injected clock.
        var clock = new PacedClock(_time);
        await clock.UntilAsync(
            async () => (await registry.ListDocumentsAsync("loans", 1, DocumentKinds.MonitoringWindow)).Count == 3,
            () => "the three instances' windows; " + string.Join("; ", monitors.Select(static (m, k) => $"monitor {k}: {m.Status}")));

        var section = await _instances[0].GetRequiredService<IModelOpsReportGenerator>().ReadModelAsync("loans", ReportScope.All);

        var window = Assert.Single(section.Windows);
        Assert.Equal(["host-0", "host-1", "host-2"], window.Instances);
        Assert.Equal(1_500, window.Report.CurrentRows);
        Assert.Same(window, section.Summary.Monitoring.Latest);

        // What one instance that saw every row reports, with the same statistics code.
        var reference = await registry.LoadReferenceProfileAsync("loans", 1);
        var fairness = new FairnessMonitorBuilder<LoanRow, LoanDecision>(d => d.Approved).AddAttribute("region", r => r.Region).Build();
        for (var i = 0; i < rows.Count; i++)
        {
            fairness.Observe(rows[i], decisions[i]);
        }

        var alone = DriftAnalyzer.Analyze(reference, ProfileRows.Schema.Profile(reference, rows, decisions), new DriftOptions(), new MonitoringReportContext
        {
            ModelName = "loans",
            ModelVersion = 1,
            WindowStartedAt = Start,
            WindowEndedAt = window.EndedAt,
            FairnessByAttribute = fairness.CloseWindow(),
        });
        Assert.Equal(Encoding.UTF8.GetString(alone.ToJson()), Encoding.UTF8.GetString(window.Report.ToJson()));
        Assert.Contains(window.Report.Features, f => f.Drifted);

        // The histograms: the merged window's counts per reference bin equal those of one profile of every row.
        var profile = ProfileRows.Schema.Profile(reference, rows, decisions);
        Assert.Equal(reference.Features.Count + reference.Predictions.Count, section.Histograms.Count);
        foreach (var histogram in section.Histograms)
        {
            var expected = (histogram.IsOutput ? profile.Predictions : profile.Features).Single(f => f.Name == histogram.Feature).GetBinnedCounts();
            var regular = (histogram.IsOutput ? reference.Predictions : reference.Features).Single(f => f.Name == histogram.Feature).Counts.Count;
            Assert.Equal(expected.Take(regular), histogram.Bins.Take(regular).Select(static b => b.CurrentCount));
            Assert.Equal(expected.Sum(), histogram.Bins.Sum(static b => b.CurrentCount));
            Assert.Equal(1.0, histogram.Bins.Sum(static b => b.ReferenceShare), 9);
            Assert.Equal(3, histogram.Instances);
        }

        using var html = new MemoryStream();
        await _instances[0].GetRequiredService<IModelOpsReportGenerator>().WriteHtmlAsync(html, ReportScope.All);
        var page = Encoding.UTF8.GetString(html.ToArray());
        Assert.Contains("3 instances contributed", page, StringComparison.Ordinal);
        Assert.Contains($"data-histogram=\"{section.Histograms[0].Feature}\"", page, StringComparison.Ordinal);
        Assert.Contains("reference (training data)", page, StringComparison.Ordinal);

        foreach (var monitor in monitors)
        {
            await clock.PumpAsync(monitor.StopAsync(CancellationToken.None));
        }
    }

    /// <summary>
    /// Both forms the hosting layer has saved: a series per instance whose every revision repeats the earlier periods (only the
    /// latest is counted, or the totals would be too high), and one single-period document per period of earlier versions.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadModelAsync_ScorerTelemetryOfThreeInstances_MergedPerPeriodWithEstimatedLatencyAndInstanceCount(bool asSeries)
    {
        var registry = _instances[0].GetRequiredService<IModelRegistry>();
        var hour = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        var random = new Random(5);
        var saved = new List<ScorerTelemetrySnapshot>();
        for (var period = 0; period < 3; period++)
        {
            for (var k = 0; k < (period == 2 ? 2 : 3); k++)
            {
                var latencies = Enumerable.Range(0, 40 + (10 * k)).Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * 20)).ToList();
                var snapshot = new ScorerTelemetrySnapshot
                {
                    Instances = [$"host-{k}"],
                    ModelName = "loans",
                    ModelVersion = 1,
                    PeriodStart = hour.AddHours(period),
                    PeriodEnd = hour.AddHours(period + 1),
                    Calls = 64 * latencies.Count,
                    Errors = k + period,
                    Latency = ScorerLatencyHistogram.FromLatencies(latencies),
                };
                saved.Add(snapshot);
                await registry.AttachDocumentAsync(new DocumentAttachment
                {
                    ModelName = "loans",
                    Version = 1,
                    Kind = asSeries ? DocumentKinds.ScorerTelemetrySeries : DocumentKinds.ScorerTelemetry,
                    Name = asSeries ? $"scorer-telemetry.host-{k}.run1.20260301T0000Z" : $"scorer-telemetry.host-{k}",
                    MediaType = "application/json",
                    Content = asSeries
                        ? new ScorerTelemetrySeries { InstanceId = $"host-{k}", ModelName = "loans", ModelVersion = 1, Snapshots = [.. saved.Where(x => x.Instances[0] == $"host-{k}")] }.ToJson()
                        : snapshot.ToJson(),
                });
            }
        }

        var section = await _instances[0].GetRequiredService<IModelOpsReportGenerator>().ReadModelAsync("loans", ReportScope.All);

        var load = Assert.Single(section.Scoring);
        Assert.Equal(TimeSpan.FromHours(1), load.PeriodLength);
        Assert.Equal(3, load.Periods.Count);
        for (var period = 0; period < 3; period++)
        {
            var expected = saved.Where(x => x.PeriodStart == hour.AddHours(period)).Aggregate(ScorerTelemetrySnapshot.Merge);
            Assert.Equal(ScoringLoadPeriod.From(expected) with { Instances = [] }, load.Periods[period] with { Instances = [] });
            Assert.Equal(expected.Instances, load.Periods[period].Instances);
        }

        Assert.Equal(["host-0", "host-1", "host-2"], load.Total.Instances);
        Assert.Equal(saved.Sum(static x => x.Calls), load.Total.Calls);
        Assert.Equal(saved.Sum(static x => x.Errors), load.Total.Errors);
        Assert.Equal(2, load.Periods[2].Instances.Count);
        Assert.NotNull(load.Total.P99);

        using var html = new MemoryStream();
        await _instances[0].GetRequiredService<IModelOpsReportGenerator>().WriteHtmlAsync(html, ReportScope.All);
        var page = Encoding.UTF8.GetString(html.ToArray());
        Assert.Contains("3 instance(s) contributed: host-0, host-1, host-2", page, StringComparison.Ordinal);
        Assert.Contains("one call in 256", page, StringComparison.Ordinal);
        Assert.Contains($"{load.Total.Calls:N0} calls", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// More periods than a report shows (<see cref="ScoringLoad.MaxPeriods"/>): the hours of each UTC day are summed into the day,
    /// and the total sums every hour, each equal to folding the saved snapshots with <see cref="ScorerTelemetrySnapshot.Merge"/>.
    /// </summary>
    [Fact]
    public async Task ReadModelAsync_ScorerTelemetryOfThreeDaysFromTwoInstances_SummedPerDayAndInTotalAsMergeDoes()
    {
        var registry = _instances[0].GetRequiredService<IModelRegistry>();
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(11);
        var saved = new List<ScorerTelemetrySnapshot>();
        for (var day = 0; day < 3; day++)
        {
            for (var k = 0; k < 2; k++)
            {
                var series = new List<ScorerTelemetrySnapshot>();
                for (var hour = 0; hour < 24; hour++)
                {
                    // The second instance starts on the second day, and the first misses an hour now and then.
                    if ((k == 1 && day == 0) || (k == 0 && random.Next(6) == 0))
                    {
                        continue;
                    }

                    var latencies = Enumerable.Range(0, 1 + random.Next(30)).Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * 400)).ToList();
                    series.Add(new ScorerTelemetrySnapshot
                    {
                        Instances = [$"host-{k}"],
                        ModelName = "loans",
                        ModelVersion = 1,
                        PeriodStart = start.AddDays(day).AddHours(hour),
                        PeriodEnd = start.AddDays(day).AddHours(hour + 1),
                        Calls = 64 * latencies.Count,
                        Errors = random.Next(5),
                        Latency = ScorerLatencyHistogram.FromLatencies(latencies),
                    });
                }

                saved.AddRange(series);
                if (series.Count > 0)
                {
                    await registry.AttachDocumentAsync(new DocumentAttachment
                    {
                        ModelName = "loans",
                        Version = 1,
                        Kind = DocumentKinds.ScorerTelemetrySeries,
                        Name = $"scorer-telemetry.host-{k}.run1.{start.AddDays(day):yyyyMMdd}T0000Z",
                        MediaType = "application/json",
                        Content = new ScorerTelemetrySeries { InstanceId = $"host-{k}", ModelName = "loans", ModelVersion = 1, Snapshots = series }.ToJson(),
                    });
                }
            }
        }

        var section = await _instances[0].GetRequiredService<IModelOpsReportGenerator>().ReadModelAsync("loans", ReportScope.All);

        var load = Assert.Single(section.Scoring);
        Assert.Equal(TimeSpan.FromDays(1), load.PeriodLength);
        Assert.Equal(3, load.Periods.Count);
        for (var day = 0; day < 3; day++)
        {
            var expected = saved.Where(x => x.PeriodStart.UtcDateTime.Date == start.AddDays(day).UtcDateTime).Aggregate(ScorerTelemetrySnapshot.Merge)
                with { PeriodStart = start.AddDays(day), PeriodEnd = start.AddDays(day + 1) };
            Assert.Equal(ScoringLoadPeriod.From(expected) with { Instances = [] }, load.Periods[day] with { Instances = [] });
            Assert.Equal(expected.Instances, load.Periods[day].Instances);
        }

        var total = ScoringLoadPeriod.From(saved.Aggregate(ScorerTelemetrySnapshot.Merge));
        Assert.Equal(total with { Instances = [] }, load.Total with { Instances = [] });
        Assert.Equal(["host-0", "host-1"], load.Total.Instances);
    }

    private ServiceProvider Instance(string id)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddModelOps(o => o.InstanceId = id).UseFileSystem(_root, static o => o.LockTimeout = PacedClock.LockTimeout)
            .AddMonitoring(o =>
            {
                o.SavedReportName = "production";
                o.Windows.WindowDuration = TimeSpan.FromHours(1);
                o.Windows.AlignToUtcPeriods = true;
            })
            .AddAliasMonitor("loans", "champion", ProfileRows.Schema)
            .AddReporting();
        return services.BuildServiceProvider();
    }
}
