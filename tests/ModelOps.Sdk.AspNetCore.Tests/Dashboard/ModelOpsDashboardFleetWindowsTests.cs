using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Reporting;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;

namespace ModelOps.Sdk.AspNetCore.Tests.Dashboard;

/// <summary>
/// The dashboard's JSON over three instances' real monitors: aligned windows come as one merged window with its period and the
/// three instance ids, unaligned ones (row-count, sliding, tumbling without alignment) as one window per instance without a period,
/// and each instance's concept-drift status under its id.
/// </summary>
public sealed class ModelOpsDashboardFleetWindowsTests
{
    [Theory]
    [InlineData(FleetWindowKind.AlignedTumbling)]
    [InlineData(FleetWindowKind.UnalignedTumbling)]
    [InlineData(FleetWindowKind.RowCount)]
    [InlineData(FleetWindowKind.Sliding)]
    public async Task ModelJson_WindowsOfThreeInstances_CarryTheirInstancesPeriodAndConceptDrift(FleetWindowKind kind)
    {
        await using var fleet = await MonitoredFleet.RunAsync(kind);
        var section = await fleet.Generator.ReadModelAsync("loans", ReportScope.All);
        await using var app = await StartAsync(fleet);
        using var client = app.GetTestClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/modelops/api/models/loans"));

        var windows = document.RootElement.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(section.Windows.Count, windows.Count);
        Assert.Equal(kind == FleetWindowKind.AlignedTumbling ? 1 : (await fleet.SavedWindowsAsync()).Count, windows.Count);
        for (var i = 0; i < windows.Count; i++)
        {
            var expected = section.Windows[i];
            var json = windows[i];
            Assert.Equal(expected.Instances, json.GetProperty("instances").EnumerateArray().Select(static x => x.GetString()));
            Assert.Equal(expected.Report.CurrentRows, json.GetProperty("report").GetProperty("currentRows").GetInt64());
            if (kind == FleetWindowKind.AlignedTumbling)
            {
                Assert.Equal(["host-0", "host-1", "host-2"], expected.Instances);
                Assert.Equal(expected.Period!.Value.Start, json.GetProperty("period").GetProperty("start").GetDateTimeOffset());
                Assert.Equal(900, expected.Report.CurrentRows);
            }
            else
            {
                Assert.Single(expected.Instances);
                Assert.False(json.TryGetProperty("period", out _), "an unaligned window has no period to be merged by");
                Assert.Equal(expected.StartedAt, json.GetProperty("startedAt").GetDateTimeOffset());
                Assert.Equal(expected.EndedAt, json.GetProperty("endedAt").GetDateTimeOffset());
            }
        }

        var conceptDrift = document.RootElement.GetProperty("conceptDrift").EnumerateArray().ToList();
        Assert.Equal(["host-0", "host-1", "host-2"], conceptDrift.Select(static c => c.GetProperty("instanceId").GetString()));
        for (var i = 0; i < conceptDrift.Count; i++)
        {
            Assert.Equal(
                section.ConceptDrift[i].Detectors.Select(static d => (d.Detector, JsonNamingPolicy.CamelCase.ConvertName(d.State.ToString()), d.Observations)),
                conceptDrift[i].GetProperty("detectors").EnumerateArray().Select(static d => (d.GetProperty("detector").GetString()!, d.GetProperty("state").GetString()!, d.GetProperty("observations").GetInt64())));
        }
    }

    private static async Task<WebApplication> StartAsync(MonitoredFleet fleet)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = fleet.Root });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(fleet.Registry);
        builder.Services.AddSingleton(fleet.Generator);
        builder.Services.AddOptions<ReportingOptions>().Configure(o => o.TimeZone = "UTC");
        var app = builder.Build();
        app.MapModelOpsDashboard("/modelops", o => o.AllowAnonymous = true);
        await app.StartAsync();
        return app;
    }
}
