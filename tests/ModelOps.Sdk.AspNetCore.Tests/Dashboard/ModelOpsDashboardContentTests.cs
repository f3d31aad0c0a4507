using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Reporting;
using ModelOps.Sdk.Reporting.Tests.Infrastructure;

namespace ModelOps.Sdk.AspNetCore.Tests.Dashboard;

/// <summary>
/// The dashboard over the report's registry of four models in four states (monitored and healthy with a running experiment,
/// drifted, rolled back, never monitored): every model's page and JSON is served, with the figures the library computes, and
/// missing data stays missing in the JSON instead of becoming 0.
/// </summary>
public sealed class ModelOpsDashboardContentTests(ReportRegistry registry) : IClassFixture<ReportRegistry>
{
    [Fact]
    public async Task EveryModel_PageAndJson_CarryTheLibrarysFigures()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();
        var overview = await registry.Generator.ReadOverviewAsync(ReportScope.All);
        Assert.Equal(4, overview.Models.Count);

        var html = await client.GetStringAsync("/modelops");
        foreach (var model in overview.Models)
        {
            Assert.Contains($"<a href=\"/modelops/models/{model.Name}\">{model.Name}</a>: <span class=\"headline\">{WebUtility.HtmlEncode(model.Headline.Text)}</span>", html, StringComparison.Ordinal);

            var section = await registry.Generator.ReadModelAsync(model.Name, ReportScope.All);
            using var page = await client.GetAsync($"/modelops/models/{model.Name}");
            using var json = await client.GetAsync($"/modelops/api/models/{model.Name}");
            using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            var summary = document.RootElement.GetProperty("summary");
            var monitoring = summary.GetProperty("monitoring");

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
            Assert.Contains($"<span class=\"headline\" data-model=\"{model.Name}\">{WebUtility.HtmlEncode(section.Summary.Headline.Text)}</span>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(section.Summary.Headline.Text, summary.GetProperty("headline").GetProperty("text").GetString());
            Assert.Equal(section.Summary.Monitoring.WindowCount, monitoring.GetProperty("windowCount").GetInt32());
            Assert.Equal(section.Windows.Count, document.RootElement.GetProperty("windows").GetArrayLength());
            Assert.Equal(section.Versions.Count, document.RootElement.GetProperty("versions").GetArrayLength());
            Assert.Equal(section.Experiments.Count, document.RootElement.GetProperty("experiments").GetArrayLength());
            Assert.Equal(section.Summary.AuditChain.EntryCount, summary.GetProperty("auditChain").GetProperty("entryCount").GetInt64());
            if (section.Summary.Monitoring.Latest is null)
            {
                Assert.False(monitoring.TryGetProperty("latest", out _), $"{model.Name}: a missing window must stay missing, not become a value");
            }

            if (section.Summary.Monitoring.DriftSince is { } since)
            {
                Assert.Equal(since, monitoring.GetProperty("driftSince").GetDateTimeOffset());
            }
        }

        var fraud = overview.Models.Single(m => m.Name == "fraud");
        Assert.Equal(registry.FraudDriftStartedAt, fraud.Monitoring.DriftSince);
    }

    private async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = registry.Root });
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(registry.Registry);
        builder.Services.AddSingleton(registry.Generator);
        builder.Services.AddOptions<ReportingOptions>().Configure(o => o.TimeZone = "UTC");
        var app = builder.Build();
        app.MapModelOpsDashboard("/modelops", o => o.AllowAnonymous = true);
        await app.StartAsync();
        return app;
    }
}
