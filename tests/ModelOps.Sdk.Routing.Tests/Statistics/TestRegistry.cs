using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ModelOps.Sdk.Routing.Tests.Statistics;

/// <summary>A real registry on the in-memory store, with a fake clock and a model of a few versions.</summary>
internal sealed class TestRegistry : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private TestRegistry(ServiceProvider provider, FakeTimeProvider time)
    {
        _provider = provider;
        Time = time;
        Registry = provider.GetRequiredService<IModelRegistry>();
    }

    public IModelRegistry Registry { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _provider;

    public static async Task<TestRegistry> CreateAsync(string modelName = "credit", int versions = 2)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddModelOps().UseInMemory();
        var registry = new TestRegistry(services.BuildServiceProvider(), time);
        for (var v = 1; v <= versions; v++)
        {
            await registry.Registry.RegisterAsync(new ModelVersionRegistration
            {
                ModelName = modelName,
                Flavor = "opaque",
                Artifact = new MemoryStream([(byte)v, 1, 2, 3]),
            });
        }

        return registry;
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
