using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ModelOps.Sdk.Hosting.Loops;
using ModelOps.Sdk.Monitoring.Fleet;
using ModelOps.Sdk.Monitoring.Monitors;
using ModelOps.Sdk.Monitoring.Profiles;
using ModelOps.Sdk.Monitoring.Reports;
using ModelOps.Sdk.Monitoring.Schema;

namespace ModelOps.Sdk.Hosting.Tests.Loops;

/// <summary>An applicant as the monitored service sees it.</summary>
public sealed record Applicant(double Income, string Region);

/// <summary>The decision the service returns.</summary>
public sealed record Decision(double Score);

public sealed class ModelOpsLoopsTests : IDisposable
{
    private static readonly MonitoringSchema<Applicant, Decision> Schema = MonitoringSchema.FromProperties<Applicant, Decision>();
    private readonly HostFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Host_AliasMonitor_StartsWithTheHostAndReportsTheLastWindowWhenTheHostStops()
    {
        using var host = Build();
        var registry = host.Services.GetRequiredService<IModelRegistry>();
        await SeedAsync(registry, withProfile: true);

        await host.StartAsync();
        var monitor = host.Services.GetRequiredService<AliasMonitor<Applicant, Decision>>();
        for (var i = 0; i < 50; i++)
        {
            monitor.Observe(new Applicant(40_000 + (i * 100), i % 2 == 0 ? "EU" : "US"), new Decision(i / 50.0));
        }

        var health = await host.Services.GetRequiredService<ModelOpsLoopsHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        await host.StopAsync();

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Equal(1, monitor.ServedVersion);
        var document = Assert.Single(await registry.ListDocumentsAsync("credit", 1, DocumentKinds.MonitoringWindow));
        var saved = SavedMonitoringWindow.FromJson((await registry.ReadDocumentAsync(document)).Span);
        Assert.Equal(50, saved.Report.CurrentRows);
        Assert.Equal("host-a", saved.InstanceId);   // ModelOps:InstanceId
        Assert.Equal("production.host-a", document.Name);
        Assert.Equal(MonitoringPeriod.Containing(saved.StartedAt, TimeSpan.FromHours(1)), saved.Period);   // ModelOps:Monitoring:Windows:AlignToUtcPeriods
    }

    [Fact]
    public async Task Host_ServedVersionWithoutReferenceProfile_HealthIsDegradedNamingIt()
    {
        using var host = Build();
        await SeedAsync(host.Services.GetRequiredService<IModelRegistry>(), withProfile: false);

        await host.StartAsync();
        var health = await host.Services.GetRequiredService<ModelOpsLoopsHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        await host.StopAsync();

        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("credit@champion serves version 1, which has no reference profile 'default': it is not monitored", health.Description, StringComparison.Ordinal);
        Assert.True(health.Data.ContainsKey("monitor:credit@champion:attention"));
    }

    [Fact]
    public async Task Host_RegistryWatch_CatchesUpAtStartAndShowsInTheLoopsHealth()
    {
        var seed = new ServiceCollection();
        seed.AddModelOps().UseFileSystem(_fixture.StorePath);
        await using (var provider = seed.BuildServiceProvider())
        {
            await SeedAsync(provider.GetRequiredService<IModelRegistry>(), withProfile: true);
        }

        using var host = Build();
        await host.StartAsync();
        var health = await host.Services.GetRequiredService<ModelOpsLoopsHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        await host.StopAsync();

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.NotEqual("never", health.Data["registry:watch:lastRunAt"]);
        Assert.False(health.Data.ContainsKey("registry:watch:lastError"));
        Assert.Contains(_fixture.Logs.Entries, e => e.Message.StartsWith("The registry caught up with the store at start", StringComparison.Ordinal));
    }

    private IHost Build()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Monitoring:SavedReportName"] = "production",
            ["ModelOps:Monitoring:Windows:AlignToUtcPeriods"] = "true",
            ["ModelOps:InstanceId"] = "host-a",
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"))
            .AddAliasMonitor("credit", "champion", Schema);
        return builder.Build();
    }

    private static async Task SeedAsync(IModelRegistry registry, bool withProfile)
    {
        await using var artifact = new MemoryStream([1, 2, 3]);
        await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "custom", Artifact = artifact });
        if (withProfile)
        {
            var rows = Enumerable.Range(0, 500).Select(i => new Applicant(30_000 + (i * 50), i % 3 == 0 ? "EU" : "US")).ToArray();
            var outputs = rows.Select(r => new Decision(r.Income / 60_000)).ToArray();
            await registry.SaveReferenceProfileAsync("credit", 1, Schema.FitReference(rows, outputs));
        }

        await registry.SetAliasAsync("credit", "champion", 1);
    }
}
