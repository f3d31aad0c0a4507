using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.AspNetCore.Tests.Infrastructure;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.AspNetCore.Tests.HealthChecks;

public sealed class ModelOpsHealthChecksTests
{
    private const string Table = """
        { "formatVersion": 1, "hitPolicy": "FIRST",
          "inputs": [ { "name": "country", "type": "string" } ], "outputs": [ { "name": "decision", "type": "string" } ],
          "rules": [ { "id": "any", "then": { "decision": "APPROVE" } } ] }
        """;

    [Fact]
    public async Task Readiness_IsUnavailableUntilTheScorerServes_WhileLivenessAnswers()
    {
        await using var app = await StartAsync(monitor: false);

        using (var ready = await app.Client.GetAsync("/health/ready"))
        using (var live = await app.Client.GetAsync("/health/live"))
        {
            using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal("Unhealthy", json.RootElement.GetProperty("checks").GetProperty("modelops-scorers").GetProperty("status").GetString());
            Assert.Contains("countries@champion serves no version yet",
                json.RootElement.GetProperty("checks").GetProperty("modelops-scorers").GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await RegisterAndPointChampionAsync(app);
        await ScorerWaits.UntilServingAsync(app.Client, "countries@champion");

        using var readyAfter = await app.Client.GetAsync("/health/ready");
        using var after = JsonDocument.Parse(await readyAfter.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, readyAfter.StatusCode);
        Assert.Equal("Healthy", after.RootElement.GetProperty("status").GetString());
        var checks = after.RootElement.GetProperty("checks");
        Assert.Equal(["modelops-scorers", "modelops-store"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Healthy", checks.GetProperty("modelops-store").GetProperty("status").GetString());
        Assert.True(checks.GetProperty("modelops-store").GetProperty("data").TryGetProperty("staleness", out _));
    }

    [Fact]
    public async Task UnmonitoredVersion_DegradesTheOverallReport_ButNotReadiness()
    {
        await using var app = await StartAsync(monitor: true);
        var version = await RegisterAndPointChampionAsync(app);
        await ScorerWaits.UntilServingAsync(app.Client, "countries@champion");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JsonElement monitors;
        do
        {
            // The monitor follows the alias; wait until it has seen the version (observed, bounded by the deadline).
            using var health = await app.Client.GetAsync("/health", deadline.Token);
            using var json = JsonDocument.Parse(await health.Content.ReadAsStringAsync(deadline.Token));
            monitors = json.RootElement.GetProperty("checks").GetProperty("modelops-monitors").Clone();
            Assert.Equal(HttpStatusCode.OK, health.StatusCode); // degraded answers 200
            if (monitors.GetProperty("description").GetString()!.Contains("no reference profile", StringComparison.Ordinal))
            {
                Assert.Equal("Degraded", monitors.GetProperty("status").GetString());
                Assert.Equal("Degraded", json.RootElement.GetProperty("status").GetString());
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token); // paces the polling only
        }
        while (true);

        Assert.Contains($"serves version {version}, which has no reference profile", monitors.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal($"serves version {version}, not monitored", monitors.GetProperty("data").GetProperty("countries@champion").GetString());
        using var ready = await app.Client.GetAsync("/health/ready");
        using var readyJson = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", readyJson.RootElement.GetProperty("status").GetString());
    }

    private static Task<TestApp> StartAsync(bool monitor) => TestApp.StartAsync(
        modelOps =>
        {
            modelOps.AddRules().AddScorer<CountryInput, DecisionOutput>("countries", "champion").AddHealthChecks();
            if (monitor)
            {
                modelOps.AddAliasMonitor("countries", "champion", MonitoringSchema.FromProperties<CountryInput, DecisionOutput>());
            }
        },
        web => web.MapModelOpsHealthChecks(),
        scorers: true);

    private static async Task<int> RegisterAndPointChampionAsync(TestApp app)
    {
        var registry = app.Services.GetRequiredService<IModelRegistry>();
        var version = await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "countries",
            Flavor = "rules",
            Artifact = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Table)),
        });
        await registry.SetAliasAsync("countries", "champion", version.Version);
        return version.Version;
    }
}
