using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Tests.Registry;

/// <summary>A registry wired the way an application wires it (AddModelOps), over given or in-memory stores, with a fake clock.</summary>
internal sealed class RegistryHost : IAsyncDisposable
{
    public const string ActorName = "alice@example.org";

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private RegistryHost(ServiceProvider services, FakeTimeProvider time, IModelMetadataStore metadata, IArtifactStore artifacts)
    {
        Services = services;
        Time = time;
        Metadata = metadata;
        Artifacts = artifacts;
        Registry = services.GetRequiredService<IModelRegistry>();
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public IModelMetadataStore Metadata { get; }

    public IArtifactStore Artifacts { get; }

    public IModelRegistry Registry { get; }

    public static RegistryHost Create(
        IModelMetadataStore? metadata = null,
        IArtifactStore? artifacts = null,
        FakeTimeProvider? time = null,
        Action<ModelOpsOptions>? configure = null,
        Action<IModelOpsBuilder>? build = null)
    {
        metadata ??= new InMemoryMetadataStore();
        artifacts ??= new InMemoryArtifactStore();
        time ??= new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        var builder = services.AddModelOps(configure)
            .UseMetadataStore(_ => metadata)
            .UseArtifactStore(_ => artifacts)
            .UseActorAccessor<AliceActor>();
        build?.Invoke(builder);
        return new RegistryHost(services.BuildServiceProvider(), time, metadata, artifacts);
    }

    /// <summary>A second registry over the same stores and clock, as another process sharing the storage would have.</summary>
    public RegistryHost CreatePeer(Action<ModelOpsOptions>? configure = null) => Create(Metadata, Artifacts, Time, configure);

    public static ModelVersionRegistration Registration(string model, byte[]? content = null) => new()
    {
        ModelName = model,
        Flavor = "onnx",
        Artifact = new MemoryStream(content ?? Guid.NewGuid().ToByteArray()),
    };

    public async Task RegisterVersionsAsync(string model, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Registry.RegisterAsync(Registration(model));
        }
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private sealed class AliceActor : IActorAccessor
    {
        public ClaimsPrincipal? Actor { get; } = new(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, ActorName), new Claim(ClaimTypes.Role, "approver")], "test"));
    }
}
