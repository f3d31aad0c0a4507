using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Cli.Tests.Infrastructure;

namespace ModelOps.Sdk.Cli.Tests.Commands;

/// <summary><c>modelops gc</c> run as separate processes against a temporary filesystem registry whose purged versions' blobs are past the grace period.</summary>
public sealed class GarbageCollectionCommandsTests
{
    private const string KeepOne = """{ "keepLastVersions": 1, "keepAliasTargetsFor": "00:00:00", "minimumAge": "00:00:00" }""";

    [Fact]
    public async Task Gc_DryRunThenRefusedWithoutTheRoleThenRunByAnAdministrator_DeletesOnlyThePurgedVersionsBlobsAndAuditsIt()
    {
        using var registry = new TemporaryRegistry();
        for (var i = 0; i < 3; i++)
        {
            await registry.RegisterAsync("credit", auc: 0.9);
        }

        var file = registry.WriteFile("retention.json", KeepOne);
        Assert.Equal(0, (await registry.RunAsAsync("ada", "model-admin", "retention", "policy", "set", "--model", "credit", "--file", file, "--reason", "CR-9")).ExitCode);
        Assert.Equal(0, (await registry.RunAsAsync("ada", "model-admin", "retention", "apply", "--model", "credit", "--reason", "keep one")).ExitCode);
        var (purged, kept) = await ReadBlobsAsync(registry);

        // Blobs are collected only once older than ModelOps:ArtifactGracePeriod (one day): age every stored file by two.
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(registry.StorePath, "blobs"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(blob, DateTime.UtcNow.AddDays(-2));
        }

        var dryRun = await registry.RunAsAsync("bob", string.Empty, "gc", "--dry-run", "--json");
        var refused = await registry.RunAsAsync("bob", "model-deployer", "gc", "--reason", "disk full");
        var afterRefusal = purged.Select(BlobExists(registry)).ToList();
        var collected = await registry.RunAsAsync("ada", "model-admin", "gc", "--reason", "disk full", "--json");
        var again = await registry.RunAsAsync("ada", "model-admin", "gc", "--reason", "disk full");
        var verify = await registry.RunAsAsync("bob", string.Empty, "audit", "verify", "credit");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.True(dryRun.Json().GetProperty("dryRun").GetBoolean());
        Assert.Equal(purged.Order(), dryRun.Json().GetProperty("collected").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order());
        Assert.True(refused.ExitCode == 5, refused.ToString());
        Assert.Contains("model-admin", refused.Error, StringComparison.Ordinal);
        Assert.All(afterRefusal, Assert.True);
        Assert.True(collected.ExitCode == 0, collected.ToString());
        Assert.False(collected.Json().GetProperty("dryRun").GetBoolean());
        Assert.Equal(purged.Order(), collected.Json().GetProperty("collected").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order());
        Assert.True(collected.Json().GetProperty("bytesFreed").GetInt64() > 0);
        Assert.All(purged, sha => Assert.False(BlobExists(registry)(sha), sha));
        Assert.True(BlobExists(registry)(kept));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Nothing deleted", again.Output, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // Another process sees who collected, why, and the refusal; the kept version's bytes still verify.
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(registry.StorePath);
        await using var provider = services.BuildServiceProvider();
        var reader = provider.GetRequiredService<IModelRegistry>();
        var log = await reader.ReadAuditLogAsync(Audit.AuditScopes.Registry);
        var entry = Assert.Single(log, e => e.Operation == Audit.AuditOperations.ArtifactsCollected);
        Assert.Equal(("ada", "disk full"), (entry.Actor, entry.Reason));
        Assert.Contains(log, e => e.Operation == "operation.refused" && e.Actor == "bob");
        await using var artifact = await reader.OpenArtifactAsync("credit", 3);
        await artifact.CopyToAsync(Stream.Null);
    }

    private static Func<string, bool> BlobExists(TemporaryRegistry registry) =>
        sha => File.Exists(Path.Combine(registry.StorePath, "blobs", "sha256", sha[..2], sha));

    private static async Task<(IReadOnlyList<string> Purged, string Kept)> ReadBlobsAsync(TemporaryRegistry registry)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(registry.StorePath);
        await using var provider = services.BuildServiceProvider();
        var versions = (await provider.GetRequiredService<IModelRegistry>().ListVersionsAsync("credit")).Items;
        return ([.. versions.Where(v => v.Purged is not null).Select(v => v.Artifact.Sha256)], versions.Single(v => v.Purged is null).Artifact.Sha256);
    }
}
