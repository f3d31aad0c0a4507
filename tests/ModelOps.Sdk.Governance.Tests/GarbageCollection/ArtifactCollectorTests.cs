using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.Audit;
using ModelOps.Sdk.GarbageCollection;
using ModelOps.Sdk.Governance.Retention;
using ModelOps.Sdk.Loops;
using ModelOps.Sdk.Governance.Tests.Retention;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;

namespace ModelOps.Sdk.Governance.Tests.GarbageCollection;

/// <summary>
/// Garbage collection on the filesystem store, with governance: what nothing unpurged references goes once older than the grace
/// period, everything else stays and verifies, a dry run changes nothing, and collecting needs the purge role and is audited.
/// </summary>
public sealed class ArtifactCollectorTests : IDisposable
{
    private static readonly TimeSpan PastGrace = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "modelops-gc-" + Guid.NewGuid().ToString("N"));

    // The store stamps new files with the machine's clock, so the fake clock starts there and only moves forward.
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task CollectAsync_PurgedVersion_FreesItsBlobAndEveryOtherVersionStillVerifies()
    {
        await using var host = Start();
        var v1 = await RegisterAsync(host, "one");
        await RegisterAsync(host, "two");
        await RegisterAsync(host, "three");
        await host.As("root", "model-admin").Registry.PurgeVersionAsync(RetentionHost.Model, v1.Version, "erasure request");
        _time.Advance(PastGrace);

        var collected = await Collector(host).CollectAsync(dryRun: false, "quarterly clean-up");

        var item = Assert.Single(collected.Collected);
        Assert.Equal(v1.Artifact.Sha256, item.Name);
        Assert.Equal(CollectionReason.OnlyPurgedReferences, item.Reason);
        Assert.Contains("credit v1", item.Explanation, StringComparison.Ordinal);
        Assert.Equal(v1.Artifact.Length, collected.BytesFreed);
        Assert.False(File.Exists(BlobPath(v1.Artifact.Sha256)));
        foreach (var version in (await host.Registry.ListVersionsAsync(RetentionHost.Model)).Items)
        {
            if (version.Purged is null)
            {
                await using var stream = await host.Registry.OpenArtifactAsync(RetentionHost.Model, version.Version);
                await stream.CopyToAsync(Stream.Null); // the verifying stream throws on missing or altered bytes
            }
        }

        Assert.True((await host.Registry.VerifyAuditLogAsync(RetentionHost.Model)).IsValid);
        Assert.True((await host.Registry.VerifyAuditLogAsync(AuditScopes.Registry)).IsValid);
        var entry = (await host.Registry.ReadAuditLogAsync(AuditScopes.Registry))[^1];
        Assert.Equal(AuditOperations.ArtifactsCollected, entry.Operation);
        Assert.Equal("root", entry.Actor);
        Assert.Equal("quarterly clean-up", entry.Reason);
    }

    [Fact]
    public async Task CollectAsync_DryRun_ListsWhatWouldGoAndDeletesNothing()
    {
        await using var host = Start();
        var v1 = await RegisterAsync(host, "one");
        await host.As("root", "model-admin").Registry.PurgeVersionAsync(RetentionHost.Model, v1.Version, "erasure request");
        var auditLength = (await host.Registry.ReadAuditLogAsync(AuditScopes.Registry)).Count;
        _time.Advance(PastGrace);

        var plan = await Collector(host.As("viewer")).CollectAsync(dryRun: true);

        Assert.True(plan.DryRun);
        Assert.Equal(v1.Artifact.Sha256, Assert.Single(plan.Collected).Name);
        Assert.Equal(v1.Artifact.Length, plan.BytesFreed);
        Assert.True(File.Exists(BlobPath(v1.Artifact.Sha256)));
        Assert.Equal(auditLength, (await host.Registry.ReadAuditLogAsync(AuditScopes.Registry)).Count);
    }

    [Fact]
    public async Task CollectAsync_WithoutThePurgeRole_IsRefusedAuditedAndDeletesNothing()
    {
        await using var host = Start();
        var v1 = await RegisterAsync(host, "one");
        await host.As("root", "model-admin").Registry.PurgeVersionAsync(RetentionHost.Model, v1.Version, "erasure request");
        _time.Advance(PastGrace);

        var refusal = await Assert.ThrowsAsync<GovernanceRefusalException>(() => Collector(host.As("mallory", "model-approver")).CollectAsync(dryRun: false));

        Assert.Equal("model-admin", refusal.RequiredRole);
        Assert.True(File.Exists(BlobPath(v1.Artifact.Sha256)));
        var entry = (await host.Registry.ReadAuditLogAsync(AuditScopes.Registry))[^1];
        Assert.Equal(AuditOperations.OperationRefused, entry.Operation);
        Assert.Equal("mallory", entry.Actor);
    }

    [Fact]
    public async Task CollectAsync_UnreferencedBlobAndKilledUpload_GoOnlyOnceOlderThanTheGracePeriod()
    {
        await using var host = Start();
        await RegisterAsync(host, "kept");
        var store = host.Services.GetRequiredService<IArtifactStore>();
        string refused;
        await using (var upload = await store.BeginUploadAsync())
        {
            // What a registration refused after its upload leaves: a blob no version references.
            var bytes = Encoding.UTF8.GetBytes("refused registration");
            await upload.Content.WriteAsync(bytes);
            refused = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
            await upload.CommitAsync(refused, bytes.Length);
        }

        // A temporary file of a killed upload (named after this process, so only its age makes it abandoned).
        var killed = Path.Combine(_root, "tmp", $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(killed, "half an artifact");

        var early = await Collector(host.As("root", "model-admin")).CollectAsync(dryRun: false);
        Assert.Empty(early.Collected);

        _time.Advance(PastGrace);
        var collected = await Collector(host).CollectAsync(dryRun: false);

        Assert.Equal(
            [(refused, CollectionReason.NeverReferenced), (Path.GetFileName(killed), CollectionReason.AbandonedUpload)],
            collected.Collected.Select(c => (c.Name, c.Reason)));
        Assert.False(File.Exists(BlobPath(refused)));
        Assert.False(File.Exists(killed));
        Assert.Equal(2, collected.StoredBlobs);
    }

    [Fact]
    public async Task CollectAsync_RegistrationDeduplicatedOntoAnOldPurgedBlob_KeepsIt()
    {
        await using var host = Start();
        var v1 = await RegisterAsync(host, "same bytes");
        await host.As("root", "model-admin").Registry.PurgeVersionAsync(RetentionHost.Model, v1.Version, "erasure request");
        _time.Advance(PastGrace);

        // Registered again: the store finds the old blob and refreshes it instead of storing a second copy.
        var v2 = await RegisterAsync(host, "same bytes");
        Assert.Equal(v1.Artifact.Sha256, v2.Artifact.Sha256);
        var collected = await Collector(host.As("root", "model-admin")).CollectAsync(dryRun: false);

        Assert.Empty(collected.Collected);
        await using var stream = await host.Registry.OpenArtifactAsync(RetentionHost.Model, v2.Version);
        await stream.CopyToAsync(Stream.Null);
    }

    [Fact]
    public async Task DeleteIfNotModifiedSinceAsync_BlobCommittedAgainAfterItWasListed_IsKept()
    {
        await using var host = Start();
        var v1 = await RegisterAsync(host, "listed old");
        var store = (FileSystemArtifactStore)host.Services.GetRequiredService<IArtifactStore>();
        _time.Advance(PastGrace);
        var cutoff = _time.GetUtcNow() - TimeSpan.FromDays(1);
        Assert.Contains(await store.ListAsync().ToListAsync(), b => b.Sha256 == v1.Artifact.Sha256 && b.LastModified < cutoff);

        // A registration commits the same content between the collector's listing and its deletion.
        await RegisterAsync(host, "listed old");

        Assert.False(await store.DeleteIfNotModifiedSinceAsync(v1.Artifact.Sha256, cutoff));
        Assert.True(File.Exists(BlobPath(v1.Artifact.Sha256)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_root, "tmp"), "*.collecting"));
    }

    [Fact]
    public async Task RetentionLoop_AfterPurging_CollectsTheFreedBlobAndAuditsItWithTheLoopReason()
    {
        await using var host = StartWithLoop(collect: true);
        var (v1, loop) = await RunLoopOnceOverThreeOldVersionsAsync(host);

        Assert.Null(loop.Status.LastError);
        Assert.NotNull(loop.Status.LastRunAt);
        Assert.NotNull((await host.Registry.GetVersionAsync(RetentionHost.Model, v1.Version)).Purged);
        Assert.False(File.Exists(BlobPath(v1.Artifact.Sha256)));
        var entry = (await host.Registry.ReadAuditLogAsync(AuditScopes.Registry))[^1];
        Assert.Equal(AuditOperations.ArtifactsCollected, entry.Operation);
        Assert.Equal("retention-bot", entry.Actor);
        Assert.Equal("scheduled retention", entry.Reason);
        Assert.Empty((await Collector(host).CollectAsync(dryRun: true)).Collected);
    }

    [Fact]
    public async Task RetentionLoop_CollectionSwitchedOff_PurgesButKeepsTheBlob()
    {
        await using var host = StartWithLoop(collect: false);
        var (v1, loop) = await RunLoopOnceOverThreeOldVersionsAsync(host);

        Assert.Null(loop.Status.LastError);
        Assert.NotNull((await host.Registry.GetVersionAsync(RetentionHost.Model, v1.Version)).Purged);
        Assert.True(File.Exists(BlobPath(v1.Artifact.Sha256)));
        Assert.Equal(v1.Artifact.Sha256, Assert.Single((await Collector(host).CollectAsync(dryRun: true)).Collected).Name);
    }

    [Fact]
    public async Task RetentionLoop_ArtifactStoreNotCollectable_StillPurgesAndReportsNoError()
    {
        // The in-memory artifact store does not implement ICollectableArtifactStore.
        await using var host = RetentionHost.Create(Policy(collect: true), time: _time);
        var (v1, loop) = await RunLoopOnceOverThreeOldVersionsAsync(host);

        Assert.Null(loop.Status.LastError);
        Assert.NotNull(loop.Status.LastRunAt);
        Assert.NotNull((await host.Registry.GetVersionAsync(RetentionHost.Model, v1.Version)).Purged);
        await Assert.ThrowsAsync<ArtifactCollectionUnsupportedException>(() => Collector(host).CollectAsync(dryRun: true));
    }

    private static Action<RetentionOptions> Policy(bool collect) => o =>
    {
        o.DefaultPolicy = new RetentionPolicyDocument { KeepLastVersions = 2, MinimumAge = TimeSpan.FromDays(7), KeepAliasTargetsFor = TimeSpan.FromDays(30) };
        o.LoopEnabled = true;
        o.LoopCollectsArtifacts = collect;
    };

    /// <summary>Registers three versions, lets 60 days pass (past the policy's minimum age and the grace period), and runs the loop once.</summary>
    private async Task<(ModelVersion First, IModelOpsLoop Loop)> RunLoopOnceOverThreeOldVersionsAsync(RetentionHost host)
    {
        var first = await RegisterAsync(host, "one");
        await RegisterAsync(host, "two");
        await RegisterAsync(host, "three");
        _time.Advance(TimeSpan.FromDays(60));
        var loop = Loop(host.As("retention-bot", "model-admin"));
        await loop.StartAsync(CancellationToken.None); // returns after the first run
        await loop.StopAsync(CancellationToken.None);
        return (first, loop);
    }

    private static IModelOpsLoop Loop(RetentionHost host) => host.Services.GetServices<IModelOpsLoop>().Single(l => l.Name == "governance:retention");

    private RetentionHost StartWithLoop(bool collect) => RetentionHost.Create(Policy(collect), b => b.UseFileSystem(_root), _time);

    private static IArtifactCollector Collector(RetentionHost host) => host.Services.GetRequiredService<IArtifactCollector>();

    private static Task<ModelVersion> RegisterAsync(RetentionHost host, string content) => host.As("rita").Registry.RegisterAsync(new ModelVersionRegistration
    {
        ModelName = RetentionHost.Model,
        Flavor = "custom",
        Artifact = new MemoryStream(Encoding.UTF8.GetBytes(content)),
    });

    private RetentionHost Start() => RetentionHost.Create(build: b => b.UseFileSystem(_root), time: _time);

    private string BlobPath(string sha256) => Path.Combine(_root, "blobs", "sha256", sha256[..2], sha256);
}
