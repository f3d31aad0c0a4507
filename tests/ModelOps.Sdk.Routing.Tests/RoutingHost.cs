using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Predictions;

namespace ModelOps.Sdk.Routing.Tests;

/// <summary>
/// A real container (in-memory registry, routing, the behaviour flavor) with a fake clock and a model <c>credit</c> of six versions:
/// 1 scores 0.1 (alias <c>champion</c>), 2 scores 0.2 (alias <c>challenger</c>), 3 throws, 4 takes 5 s, 5 waits on the flavor's
/// gate and scores 0.5, 6 scores 0.6.
/// </summary>
internal sealed class RoutingHost : IAsyncDisposable
{
    public const string Model = "credit";

    private RoutingHost(ServiceProvider services, FakeTimeProvider time, BehaviourFlavor flavor)
    {
        Services = services;
        Time = time;
        Flavor = flavor;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public BehaviourFlavor Flavor { get; }

    public IModelRegistry Registry => Services.GetRequiredService<IModelRegistry>();

    public IRoutedScorerFactory Factory => Services.GetRequiredService<IRoutedScorerFactory>();

    public ExperimentStore Store => Services.GetRequiredService<ExperimentStore>();

    public ExperimentController Controller => Services.GetRequiredService<ExperimentController>();

    public ExperimentRecorders Recorders => Services.GetRequiredService<ExperimentRecorders>();

    public OutcomeRecorder Outcomes => Services.GetRequiredService<OutcomeRecorder>();

    public static async Task<RoutingHost> CreateAsync(Action<RoutingOptions>? configure = null, Action<IServiceCollection>? services = null, string? fileSystemRoot = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var flavor = new BehaviourFlavor(time);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddSingleton<IModelFlavor>(flavor);
        var modelOps = collection.AddModelOps();
        _ = fileSystemRoot is null ? modelOps.UseInMemory() : modelOps.UseFileSystem(fileSystemRoot);
        modelOps.AddRouting(options =>
        {
            options.Seed = 42;
            options.InstanceId = "test-1";
            configure?.Invoke(options);
        });
        services?.Invoke(collection);
        var host = new RoutingHost(collection.BuildServiceProvider(), time, flavor);
        if ((await host.Registry.ListModelsAsync()).Any(m => m.Name == Model))
        {
            return host;
        }

        byte[][] artifacts =
        [
            BehaviourFlavor.Artifact(0.1), BehaviourFlavor.Artifact(0.2), BehaviourFlavor.Artifact(0.3, fails: true),
            BehaviourFlavor.Artifact(0.4, latencyMs: 5000), BehaviourFlavor.Artifact(0.5, gated: true), BehaviourFlavor.Artifact(0.6),
        ];
        foreach (var artifact in artifacts)
        {
            await host.Registry.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = BehaviourFlavor.FlavorName, Artifact = new MemoryStream(artifact) });
        }

        await host.Registry.SetAliasAsync(Model, "champion", 1, "test setup");
        await host.Registry.SetAliasAsync(Model, "challenger", 2, "test setup");
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Flavor.Gate.Set();
        await Services.DisposeAsync();
    }
}
