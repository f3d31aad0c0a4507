using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Tests.Processes;
using ModelOps.Sdk.Tests.Storage.FileSystem;

namespace ModelOps.Sdk.Tests.GarbageCollection;

/// <summary>
/// Garbage collection racing registrations in another process on one filesystem store: a child registers versions (new content,
/// and content of versions purged more than the grace period ago, which deduplicates onto blobs the collector is deleting), while
/// this process purges every version of new content and collects in a loop with a grace period of two seconds. No registered version may
/// lose its blob.
/// </summary>
[Collection(ProcessTestsDefinition.Name)]
public sealed class ArtifactCollectionRaceTests : IDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CollectAsync_WhileAnotherProcessRegisters_NeverLosesARegisteredVersionsBlob()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        var collector = services.GetRequiredService<IArtifactCollector>();
        await using var child = HostProcess.Start("register-lines", _directory.Path, "credit");

        var race = await CollectionRace.RunAsync(registry, collector, child, GracePeriod, deadline.Token);

        Assert.True(race.Collections > 1);
        await registry.RefreshAsync(deadline.Token); // the child's last registrations, which this instance sees only at its next poll
        foreach (var version in race.Kept)
        {
            Assert.Null((await registry.GetVersionAsync("credit", version)).Purged);
            await using var stream = await registry.OpenArtifactAsync("credit", version);
            await stream.CopyToAsync(Stream.Null); // the verifying stream throws on missing or altered bytes
        }

        Assert.True((await registry.VerifyAuditLogAsync("credit")).IsValid);
        Assert.True((await registry.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
    }

    private ServiceProvider Start()
    {
        var services = new ServiceCollection();
        services.AddModelOps(o => o.ArtifactGracePeriod = GracePeriod)
            .UseFileSystem(_directory.Path, o => o.LockTimeout = TimeSpan.FromMinutes(2));

        // Stands in for governance, which the core's tests do not reference: it lets this process purge and collect.
        services.AddSingleton<IRegistryOperationGuard, AllowEverything>();
        return services.BuildServiceProvider();
    }

    private sealed class AllowEverything : IStoredPolicyEnforcer
    {
        public ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
