using System.Diagnostics;
using System.Globalization;
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

        using var stopCollecting = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var collected = 0;
        var collections = 0;
        var collecting = Task.Run(async () =>
        {
            while (!stopCollecting.IsCancellationRequested)
            {
                var result = await collector.CollectAsync(dryRun: false, "race test", CancellationToken.None);
                Interlocked.Add(ref collected, result.Collected.Count);
                Interlocked.Increment(ref collections);
            }
        });

        // Content whose only version was purged, with when it was registered (this process's clock, as the store's). Once older
        // than the grace period its blob is the collector's to delete, and the child registers it again: that version is kept, and
        // must keep its blob whatever the collector was doing at that moment.
        var purgedContent = new Dictionary<string, long>(StringComparer.Ordinal);
        var kept = new List<int>();
        for (var round = 0; kept.Count < 30 || Volatile.Read(ref collected) < 5; round++)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var old = purgedContent.FirstOrDefault(p => Stopwatch.GetElapsedTime(p.Value) > GracePeriod).Key;
            var content = old ?? "content " + round.ToString(CultureInfo.InvariantCulture);

            await child.WriteLineAsync(content);
            var line = await child.ReadLineAsync(deadline.Token);
            var version = int.Parse(line["version ".Length..], CultureInfo.InvariantCulture);
            if (old is not null)
            {
                purgedContent.Remove(old);
                kept.Add(version);
            }
            else
            {
                purgedContent[content] = Stopwatch.GetTimestamp();
                await registry.RefreshAsync(deadline.Token); // the child's version, which this instance may not have polled yet
                await registry.PurgeVersionAsync("credit", version, "race test");
            }
        }

        child.CloseInput();
        await child.ReadToExitAsync(deadline.Token);
        await stopCollecting.CancelAsync();
        await collecting;

        Assert.True(collections > 1);
        await registry.RefreshAsync(deadline.Token); // the child's last registrations, which this instance sees only at its next poll
        foreach (var version in kept)
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
