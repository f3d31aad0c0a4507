using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Tests.GarbageCollection;
using ModelOps.Sdk.Tests.Processes;

namespace ModelOps.Sdk.S3.Tests.GarbageCollection;

/// <summary>
/// Garbage collection of an S3 bucket (a real moto server) racing registrations in another process: both processes share one
/// filesystem metadata store and one bucket prefix. A child registers versions (new content, and content of versions purged more
/// than the grace period ago, which deduplicates onto objects the collector is deleting), while this process purges every version
/// of new content and collects in a loop with a grace period of two seconds. No registered version may lose its object. The same
/// claim as the filesystem store's <c>ArtifactCollectionRaceTests</c>.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ArtifactCollectionRaceTests(S3ServerFixture server) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(2);
    private readonly TemporaryDirectory _root = new("race");
    private readonly TemporaryDirectory _childCache = new("race-child-cache");
    private readonly TemporaryDirectory _cache = new("race-cache");
    private readonly string _prefix = "race/" + Guid.NewGuid().ToString("N")[..12];
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("race");

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _root.Dispose();
        _childCache.Dispose();
        _cache.Dispose();
    }

    [Fact]
    public async Task CollectAsync_WhileAnotherProcessRegisters_NeverLosesARegisteredVersionsObject()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var services = Start();
        var registry = services.GetRequiredService<IModelRegistry>();
        var collector = services.GetRequiredService<IArtifactCollector>();
        await using var child = HostProcess.Start(ChildEnvironment(), "register-lines", _root.Path, "credit");

        var race = await CollectionRace.RunAsync(registry, collector, child, GracePeriod, deadline.Token);

        Assert.True(race.Collections > 1);
        await registry.RefreshAsync(deadline.Token);

        // Read through a fresh instance with an empty cache, so every byte comes from the bucket, not from a copy cached before the
        // collector ran.
        using var readerCache = new TemporaryDirectory("race-reader");
        await using var reader = Start(readerCache.Path);
        var fresh = reader.GetRequiredService<IModelRegistry>();
        var verified = 0;
        foreach (var version in race.Registered)
        {
            if ((await fresh.GetVersionAsync("credit", version)).Purged is not null)
            {
                Assert.DoesNotContain(version, race.Kept);
                continue;
            }

            await using var stream = await fresh.OpenArtifactAsync("credit", version);
            await stream.CopyToAsync(Stream.Null); // the verifying stream throws on missing or altered bytes
            verified++;
        }

        Assert.True(verified >= race.Kept.Count);
        Assert.True((await fresh.VerifyAuditLogAsync("credit")).IsValid);
        Assert.True((await fresh.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
    }

    private ServiceProvider Start(string? cacheDirectory = null)
    {
        var configured = server.Options(_bucket, _prefix, cacheDirectory ?? _cache.Path);
        var services = new ServiceCollection();
        services.AddModelOps(o => o.ArtifactGracePeriod = GracePeriod)
            .UseFileSystem(_root.Path, o => o.LockTimeout = TimeSpan.FromMinutes(2))
            .UseS3(o =>
            {
                o.ServiceUrl = configured.ServiceUrl;
                o.ForcePathStyle = configured.ForcePathStyle;
                o.BucketName = configured.BucketName;
                o.KeyPrefix = configured.KeyPrefix;
                o.AccessKeyId = configured.AccessKeyId;
                o.SecretAccessKey = configured.SecretAccessKey;
                o.PartSize = configured.PartSize;
                o.CacheDirectory = configured.CacheDirectory;
                o.MaxRetryAttempts = configured.MaxRetryAttempts;
                o.RetryBaseDelay = configured.RetryBaseDelay;
                o.AttemptTimeout = configured.AttemptTimeout;
            });

        // Stands in for governance, which the S3 tests do not reference: it lets this process purge and collect.
        services.AddSingleton<IRegistryOperationGuard, AllowEverything>();
        return services.BuildServiceProvider();
    }

    /// <summary>Points the child at the same metadata root, bucket and prefix, with a cache of its own.</summary>
    private Dictionary<string, string> ChildEnvironment() => new()
    {
        ["MODELOPS_HOST_S3_ENDPOINT"] = server.ServiceUrl,
        ["MODELOPS_HOST_S3_BUCKET"] = _bucket,
        ["MODELOPS_HOST_S3_PREFIX"] = _prefix,
        ["MODELOPS_HOST_S3_CACHE"] = _childCache.Path,
        ["AWS_ACCESS_KEY_ID"] = S3ServerFixture.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = S3ServerFixture.SecretAccessKey,
    };

    private sealed class AllowEverything : IStoredPolicyEnforcer
    {
        public ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
