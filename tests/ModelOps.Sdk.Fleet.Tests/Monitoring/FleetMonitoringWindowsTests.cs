using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Fleet.Tests.Infrastructure;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Tests.Profiles;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.Reporting;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;

namespace ModelOps.Sdk.Fleet.Tests.Monitoring;

/// <summary>
/// Two service instances on one PostgreSQL + S3 registry, each monitoring the champion in aligned hourly windows and saving them
/// under its own instance id: the report, generated from either, merges the two windows of the hour and says two instances
/// contributed.
/// </summary>
[Collection(FleetServers.Name)]
public sealed class FleetMonitoringWindowsTests(PostgreSqlFixture postgres, S3ServerFixture s3)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 40, 0, TimeSpan.Zero);

    [Fact]
    public async Task Report_TwoHostsSaveTheirWindowsOfOneHour_MergesThemAndSaysTwoInstancesContributed()
    {
        await using FleetHost fleet = await FleetHost.CreateAsync(postgres, s3, "monitoring");
        var time = new FakeTimeProvider(Start);
        var (registry, a) = fleet.AddInstance(configure: builder => Monitored(builder, "host-a", time));
        var (_, b) = fleet.AddInstance(configure: builder => Monitored(builder, "host-b", time));
        await registry.RegisterAsync(FleetHost.Registration("loans", "v1"));
        var (reference, referenceDecisions) = ProfileRows.Generate(2_000, seed: 1);
        await registry.SaveReferenceProfileAsync("loans", 1, ProfileRows.Schema.FitReference(reference, referenceDecisions));
        await registry.SetAliasAsync("loans", "champion", 1, "release");

        var monitors = new[] { a, b }.Select(s => s.GetRequiredService<AliasMonitor<LoanRow, LoanDecision>>()).ToArray();
        foreach (var monitor in monitors)
        {
            await monitor.StartAsync(CancellationToken.None);
        }

        var (rows, decisions) = ProfileRows.Generate(900, seed: 3);
        for (var i = 0; i < rows.Count; i++)
        {
            monitors[i < 300 ? 0 : 1].Observe(rows[i], decisions[i]);   // 300 on host-a, 600 on host-b
        }

        time.Advance(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero) - Start);
        // Paced: the registries' polling, and the stores' attempt timeouts, run on the injected clock too. Advanced a second per
        // yield, the clock outran S3 requests on a loaded machine, their attempts "timed out" and a window went unsaved.
        await new PacedClock(time).UntilAsync(
            async () => (await registry.ListDocumentsAsync("loans", 1, DocumentKinds.MonitoringWindow)).Count >= 2,
            () => "the two hosts' windows");

        var section = await b.GetRequiredService<IModelOpsReportGenerator>().ReadModelAsync("loans", ReportScope.All);
        var window = Assert.Single(section.Windows);
        Assert.Equal(["host-a", "host-b"], window.Instances);
        Assert.Equal(900, window.Report.CurrentRows);
        using var html = new MemoryStream();
        await a.GetRequiredService<IModelOpsReportGenerator>().WriteHtmlAsync(html, ReportScope.All);
        Assert.Contains("2 instances contributed", Encoding.UTF8.GetString(html.ToArray()), StringComparison.Ordinal);

        foreach (var monitor in monitors)
        {
            await monitor.StopAsync(CancellationToken.None);
        }
    }

    private static void Monitored(IModelOpsBuilder builder, string instanceId, TimeProvider time)
    {
        builder.Services.AddSingleton(time);
        builder.Services.Configure<ModelOpsOptions>(o => o.InstanceId = instanceId);
        builder.AddMonitoring(o =>
            {
                o.SavedReportName = "production";
                o.Windows.WindowDuration = TimeSpan.FromHours(1);
                o.Windows.AlignToUtcPeriods = true;
            })
            .AddAliasMonitor("loans", "champion", ProfileRows.Schema)
            .AddReporting();
    }
}
