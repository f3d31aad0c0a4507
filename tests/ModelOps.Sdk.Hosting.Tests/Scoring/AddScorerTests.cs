using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Scoring;
using ModelOps.Sdk.Tests.Scoring;

namespace ModelOps.Sdk.Hosting.Tests.Scoring;

public sealed class AddScorerTests : IDisposable
{
    private readonly HostFixture _fixture = new();
    private readonly LinearFlavor _flavor = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task StartAsync_AliasServes_ScorerLoadsAtStartAndHealthTurnsHealthy()
    {
        await SeedAsync(setAlias: true);
        using var host = BuildHost();
        var health = host.Services.GetRequiredService<ModelScorersHealthCheck>();

        var before = await health.CheckHealthAsync(new HealthCheckContext());
        await host.StartAsync();
        var after = await health.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Equal("serving nothing", before.Data["credit@champion"]);
        Assert.Equal(1, _flavor.Loaded);
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Equal("serving version 1", after.Data["credit@champion"]);
        var keyed = host.Services.GetRequiredKeyedService<IModelScorer<LinearInput, LinearOutput>>("credit@champion");
        Assert.Same(keyed, host.Services.GetRequiredService<IModelScorer<LinearInput, LinearOutput>>());
        var answer = keyed.Score(new LinearInput { Features = [1, 2] });
        Assert.Equal(1 * 2 + 2 * 3 + 0.5, answer.Value.Score, 10);
        Assert.Equal(1, answer.Model.Version);
        await host.StopAsync();
    }

    [Fact]
    public async Task StartAsync_AliasMissing_HostStartsUnhealthyAndServesOnceTheAliasExists()
    {
        await SeedAsync(setAlias: false);
        using var host = BuildHost(retry: "00:00:00.050");
        var health = host.Services.GetRequiredService<ModelScorersHealthCheck>();

        await host.StartAsync();
        var scorer = host.Services.GetRequiredService<IModelScorer<LinearInput, LinearOutput>>();
        var unhealthy = await health.CheckHealthAsync(new HealthCheckContext());
        var notServing = Assert.Throws<ModelLoadException>(() => scorer.Score(new LinearInput { Features = [1, 2] }));
        await _fixture.Logs.WaitForAsync((_, level, message) => level == LogLevel.Error && message.Contains("credit@champion could not load", StringComparison.Ordinal));

        await host.Services.GetRequiredService<IModelRegistry>().SetAliasAsync("credit", "champion", 1);
        await _fixture.Logs.WaitForAsync((_, _, message) => message.Contains("Scorer credit@champion serves version 1", StringComparison.Ordinal));

        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains("credit@champion serves no version yet", unhealthy.Description, StringComparison.Ordinal);
        Assert.Equal("credit", notServing.ModelName);
        Assert.Equal(1, scorer.Score(new LinearInput { Features = [1, 2] }).Model.Version);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
        await host.StopAsync();
    }

    [Fact]
    public async Task StopAsync_CallInFlight_CompletesAndTheVersionIsDisposedAfterIt()
    {
        await SeedAsync(setAlias: true);
        using var host = BuildHost();
        await host.StartAsync();
        var scorer = host.Services.GetRequiredService<IModelScorer<LinearInput, LinearOutput>>();
        using var gate = new ManualResetEventSlim();
        _flavor.Gate = gate;
        _flavor.Entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var disposed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _flavor.VersionDisposed += version => disposed.TrySetResult(version);

        var call = Task.Run(() => scorer.Score(new LinearInput { Features = [1, 2] }));
        await _flavor.Entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();
        var disposedWhileInFlight = _flavor.Disposed;
        gate.Set();
        var answer = await call.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, disposedWhileInFlight);
        Assert.Equal(8.5, answer.Value.Score, 10);
        Assert.Equal(1, await disposed.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Throws<ObjectDisposedException>(() => scorer.Score(new LinearInput { Features = [1, 2] }));
    }

    [Fact]
    public void AddScorer_BlankAlias_ThrowsNamingTheParameter()
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>());

        var ex = Assert.Throws<ArgumentException>(() => builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps")).AddScorer<LinearInput, LinearOutput>("credit", " "));

        Assert.Equal("aliasName", ex.ParamName);
    }

    private IHost BuildHost(string retry = "00:00:05")
    {
        var builder = _fixture.CreateBuilder(new Dictionary<string, string?>
        {
            ["ModelOps:Store:RootPath"] = _fixture.StorePath,
            ["ModelOps:Hosting:ScorerLoadRetryInterval"] = retry,
        });
        builder.Services.AddModelOps(builder.Configuration.GetSection("ModelOps"))
            .AddFlavor(_flavor)
            .AddScorer<LinearInput, LinearOutput>("credit", "champion");
        return builder.Build();
    }

    /// <summary>Registers version 1 of <c>credit</c> (weights 2 and 3, bias 0.5) in the store, with another process's container.</summary>
    private async Task SeedAsync(bool setAlias)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_fixture.StorePath).AddFlavor(new LinearFlavor());
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "linear",
            Artifact = new MemoryStream(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"weights\":[2,3],\"bias\":0.5}}"))),
        });
        if (setAlias)
        {
            await registry.SetAliasAsync("credit", "champion", 1);
        }
    }
}
