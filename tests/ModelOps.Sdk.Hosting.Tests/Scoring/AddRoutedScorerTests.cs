using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using ModelOps.Sdk.Hosting.Loops;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Tests.Scoring;

namespace ModelOps.Sdk.Hosting.Tests.Scoring;

public sealed class AddRoutedScorerTests : IDisposable
{
    private readonly HostFixture _fixture = new();
    private readonly LinearFlavor _flavor = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task StartAsync_StoredExperiment_RoutedScorerServesFromTheHostsStart()
    {
        using var host = Build();
        await SeedAsync(host.Services, storeExperiment: true);

        await host.StartAsync();
        var scorer = host.Services.GetRequiredKeyedService<IRoutedScorer<LinearInput, LinearOutput>>("credit/bigger");
        var answer = scorer.Score(new LinearInput { Features = [1, 2] }, entityKey: "customer-1");
        var health = await host.Services.GetRequiredService<ModelOpsLoopsHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        await host.StopAsync();

        Assert.Same(scorer, host.Services.GetRequiredService<IRoutedScorer<LinearInput, LinearOutput>>());
        Assert.Equal(answer.Arm == "champion" ? 1 : 2, answer.Model.Version);
        Assert.Equal(answer.Arm == "champion" ? 8.5 : 9.5, answer.Value.Score, 10);
        Assert.Equal(HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task StartAsync_ExperimentNotStored_HostStartsAndHealthSaysTheScorerServesNothing()
    {
        using var host = Build();
        await SeedAsync(host.Services, storeExperiment: false);

        await host.StartAsync();
        var scorer = host.Services.GetRequiredService<IRoutedScorer<LinearInput, LinearOutput>>();
        var health = await host.Services.GetRequiredService<ModelOpsLoopsHealthCheck>().CheckHealthAsync(new HealthCheckContext());
        var ex = Assert.Throws<ModelLoadException>(() => scorer.Score(new LinearInput { Features = [1, 2] }));
        await host.StopAsync();

        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("routed:credit/bigger serves nothing yet", health.Description, StringComparison.Ordinal);
        Assert.Contains("bigger", ex.Message, StringComparison.Ordinal);
    }

    private IHost Build()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?> { ["ModelOps:Store:RootPath"] = _fixture.StorePath });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"))
            .AddFlavor(_flavor)
            .AddRoutedScorer<LinearInput, LinearOutput>("credit", "bigger", output => output.Score);
        return builder.Build();
    }

    private static async Task SeedAsync(IServiceProvider services, bool storeExperiment)
    {
        var registry = services.GetRequiredService<IModelRegistry>();
        foreach (var bias in new[] { "0.5", "1.5" })
        {
            await registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = "credit",
                Flavor = "linear",
                Artifact = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"weights\":[2,3],\"bias\":{bias}}}")),
            });
        }

        await registry.SetAliasAsync("credit", "champion", 1);
        await registry.SetAliasAsync("credit", "challenger", 2);
        if (storeExperiment)
        {
            var experiment = new ExperimentBuilder("credit", "bigger")
                .WithChampionAlias("champion", weight: 50).AddChallengerAlias("bigger", "challenger", weight: 50)
                .WithStickyAssignment().Build();
            await services.GetRequiredService<ExperimentStore>().SaveAsync(experiment, "start the experiment");
        }
    }
}
