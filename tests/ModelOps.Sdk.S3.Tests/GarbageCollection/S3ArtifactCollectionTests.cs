using System.Security.Cryptography;
using System.Text;
using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Security;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.GarbageCollection;

/// <summary>
/// Garbage collection of an S3 bucket (a real moto server): a purged version's object is deleted, every other version still opens
/// and verifies, a dry run deletes nothing, a deduplicated registration refreshes an old object, and unfinished uploads go too.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ArtifactCollectionTests(S3ServerFixture server) : IAsyncLifetime
{
    private static readonly TimeSpan PastGrace = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
    private string _bucket = string.Empty;

    // The server stamps objects with the machine's clock, so the fake clock starts there and only moves forward.
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("gc");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CollectAsync_PurgedVersion_DeletesItsObjectAndKeepsTheOthersVerifiable()
    {
        await using var bed = new S3TestBed(server, _bucket);
        await using var services = Start(bed);
        var registry = services.GetRequiredService<IModelRegistry>();
        var v1 = await RegisterAsync(registry, "one");
        var v2 = await RegisterAsync(registry, "two");
        await registry.PurgeVersionAsync("credit", v1.Version, "erasure request");
        _time.Advance(PastGrace);
        var collector = services.GetRequiredService<IArtifactCollector>();

        var plan = await collector.CollectAsync(dryRun: true);
        Assert.Equal(v1.Artifact.Sha256, Assert.Single(plan.Collected).Name);
        Assert.Contains(Key(bed, v1), await bed.ObjectKeysAsync());

        var collected = await collector.CollectAsync(dryRun: false, "clean-up");

        Assert.Equal(v1.Artifact.Sha256, Assert.Single(collected.Collected).Name);
        Assert.Equal(CollectionReason.OnlyPurgedReferences, collected.Collected[0].Reason);
        Assert.Equal(v1.Artifact.Length, collected.BytesFreed);
        Assert.Equal([Key(bed, v2)], await bed.ObjectKeysAsync());
        await using (var stream = await registry.OpenArtifactAsync("credit", v2.Version))
        {
            await stream.CopyToAsync(Stream.Null);
        }

        Assert.True((await registry.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
        Assert.Equal(AuditOperations.ArtifactsCollected, (await registry.ReadAuditLogAsync(AuditScopes.Registry))[^1].Operation);
    }

    [Fact]
    public async Task Register_ContentAlreadyStored_WritesTheObjectAgainSoItsLastModifiedTimeIsRefreshed()
    {
        // The server stamps the object, so this checks the write itself: the collector's test of age then sees the object as young
        // (the filesystem store's race test covers the protocol end to end).
        await using var bed = new S3TestBed(server, _bucket);
        var requests = new CountingHttpClientFactory();
        var registry = bed.Registry(bed.Store(requests));
        var v1 = await RegisterAsync(registry, "same bytes");
        requests.Clear();

        var v2 = await RegisterAsync(registry, "same bytes");

        Assert.Equal(v1.Artifact.Sha256, v2.Artifact.Sha256);
        Assert.Single(requests.Requests, r => r.Method == HttpMethod.Put && r.Path.EndsWith("/blobs/sha256/" + v2.Artifact.Sha256, StringComparison.Ordinal) && !r.IsCopy);
        Assert.Equal([Key(bed, v2)], await bed.ObjectKeysAsync());
    }

    /// <summary>
    /// The window S3's unconditional delete leaves: a collector read the content's age (old), then a commit of the same content
    /// refreshed it, then the collector deleted it. The collector marks the content before it reads the age; a commit that finds the
    /// mark waits for it to go and publishes again if the content is gone, so the registration never appends metadata for content
    /// that is not stored. Played here step by step, the test being the collector: its mark, its deletion after the commit published.
    /// </summary>
    [Theory]
    [InlineData(1_000)] // one PutObject
    [InlineData((6 * 1024 * 1024) + 1)] // a multipart upload to a staging object, then a copy
    public async Task Commit_ContentDeletedByAMarkingCollectorAfterItsPublication_IsPublishedAgainBeforeTheCommitReturns(int length)
    {
        await using var bed = new S3TestBed(server, _bucket);
        var options = bed.Options();
        options.AttemptTimeout = TimeSpan.FromMinutes(2); // a commit waits twice this for a mark, longer than this test's steps
        var store = bed.Store(new CountingHttpClientFactory(), options);
        var content = ScriptedStream.RandomBytes(length, seed: length);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var key = store.GetContentKey(sha);
        var marker = store.GetCollectionMarkerKey(sha);
        await bed.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bed.Bucket, Key = marker, ContentBody = string.Empty });

        var commit = Task.Run(async () =>
        {
            await using var upload = await store.BeginUploadAsync();
            await upload.Content.WriteAsync(content);
            await upload.CommitAsync(sha, content.Length);
        });
        using (var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (!commit.IsCompleted && !(await bed.ObjectKeysAsync()).Contains(key))
            {
                await Task.Delay(20, patience.Token);
            }
        }

        Assert.False(commit.IsCompleted, "The commit returned while a collector's mark was on its content.");
        await bed.Raw.DeleteObjectAsync(bed.Bucket, key);
        await bed.Raw.DeleteObjectAsync(bed.Bucket, marker);
        await commit.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(await store.ExistsAsync(sha), "The content a collector deleted during the commit is not stored after it.");
        await using var stream = await store.OpenReadAsync(sha);
        using var read = new MemoryStream();
        await stream!.CopyToAsync(read);
        Assert.Equal(content, read.ToArray());
    }

    [Fact]
    public async Task CollectAsync_UnfinishedMultipartUpload_IsAbortedOnceOlderThanTheGracePeriod()
    {
        await using var bed = new S3TestBed(server, _bucket);
        await using var services = Start(bed);
        var store = services.GetRequiredService<ModelOps.Sdk.Storage.IArtifactStore>();

        // A writer that died after its first part: an unfinished multipart upload of a staging key.
        var upload = await store.BeginUploadAsync();
        await upload.Content.WriteAsync(new byte[(5 * 1024 * 1024) + 1]);
        Assert.Single(await bed.MultipartUploadKeysAsync());

        // Another instance (this one forgets its own uploads only when they end) collects once it is old.
        await using var other = Start(bed);
        var early = await other.GetRequiredService<IArtifactCollector>().CollectAsync(dryRun: false);
        Assert.Empty(early.Collected);
        _time.Advance(PastGrace);
        var collected = await other.GetRequiredService<IArtifactCollector>().CollectAsync(dryRun: false);

        Assert.Equal(CollectionReason.AbandonedUpload, Assert.Single(collected.Collected).Reason);
        Assert.Empty(await bed.MultipartUploadKeysAsync());
    }

    private ServiceProvider Start(S3TestBed bed)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddModelOps().UseInMemory().UseArtifactStore(_ => new S3ArtifactStore(bed.Options(), _time, logger: null));

        // Stands in for governance (not referenced here): it lets the tests purge and collect.
        services.AddSingleton<IRegistryOperationGuard, AllowEverything>();
        return services.BuildServiceProvider();
    }

    private static string Key(S3TestBed bed, ModelVersion version) => $"{bed.Prefix}/blobs/sha256/{version.Artifact.Sha256}";

    private static Task<ModelVersion> RegisterAsync(IModelRegistry registry, string content) => registry.RegisterAsync(new ModelVersionRegistration
    {
        ModelName = "credit",
        Flavor = "custom",
        Artifact = new MemoryStream(Encoding.UTF8.GetBytes(content)),
    });

    private sealed class AllowEverything : IStoredPolicyEnforcer
    {
        public ValueTask CheckAsync(RegistryOperation operation, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
