using ModelOps.Sdk.Fleet.Tests.Infrastructure;
using ModelOps.Sdk.PostgreSql.Tests.Infrastructure;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Tests.Processes;

namespace ModelOps.Sdk.Fleet.Tests.Processes;

/// <summary>
/// Two processes on one machine share the S3 cache directory: the size limit of one never evicts an artifact the other has open,
/// and the other reads every verified byte of it.
/// </summary>
[Collection(FleetServers.Name)]
public sealed class FleetCacheTests(PostgreSqlFixture postgres, S3ServerFixture s3)
{
    private const int Size = 200_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task CacheSizeLimit_AnArtifactAnotherProcessHasOpen_IsNotEvicted_AndThatProcessReadsItWhole()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using FleetHost fleet = await FleetHost.CreateAsync(postgres, s3, "cache");
        string sharedCache = fleet.ChildCache;
        var (registry, _) = fleet.AddInstance(configureS3: o =>
        {
            o.CacheDirectory = sharedCache;
            o.CacheSizeLimit = Size + (Size / 2); // room for one
        });
        var versions = new List<ModelVersion>();
        for (int seed = 1; seed <= 3; seed++)
        {
            versions.Add(await registry.RegisterAsync(
                new ModelVersionRegistration { ModelName = "credit", Flavor = "test", Artifact = new MemoryStream(ScriptedStream.RandomBytes(Size, seed)) },
                deadline.Token));
        }

        await using var holder = HostProcess.Start(fleet.ChildEnvironment(), "hold-artifact", fleet.Root, "credit", "1");
        Assert.Equal("OPEN", await holder.ReadLineAsync(deadline.Token)); // version 1 is in the shared cache, open in the child

        await ReadAsync(registry, 2, deadline.Token);
        await ReadAsync(registry, 3, deadline.Token); // over the limit: version 1 is the least recently used, but open; 2 goes

        Assert.Equal(Hashes(versions[0], versions[2]), CachedHashes(sharedCache));
        await holder.WriteLineAsync("read");
        Assert.Equal([$"read {Size}"], await holder.ReadToExitAsync(deadline.Token)); // verified to the last byte

        await ReadAsync(registry, 2, deadline.Token); // nothing is open now: 1 and 3 go

        Assert.Equal(Hashes(versions[1]), CachedHashes(sharedCache));
    }

    [Fact]
    public async Task CacheSizeLimit_AReaderWithoutAdvisoryLocks_MayLoseItsFileToEviction_ButStillReadsEveryVerifiedByte()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await using FleetHost fleet = await FleetHost.CreateAsync(postgres, s3, "unlinked");
        string sharedCache = fleet.ChildCache;
        var (registry, _) = fleet.AddInstance(configureS3: o =>
        {
            o.CacheDirectory = sharedCache;
            o.CacheSizeLimit = Size + (Size / 2);
        });
        for (int seed = 1; seed <= 2; seed++)
        {
            await registry.RegisterAsync(
                new ModelVersionRegistration { ModelName = "credit", Flavor = "test", Artifact = new MemoryStream(ScriptedStream.RandomBytes(Size, seed)) },
                deadline.Token);
        }

        // The child turns .NET's advisory file locking off, so the evictor cannot tell that it has version 1 open.
        Dictionary<string, string> environment = fleet.ChildEnvironment();
        environment["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1";
        await using var holder = HostProcess.Start(environment, "hold-artifact", fleet.Root, "credit", "1");
        Assert.Equal("OPEN", await holder.ReadLineAsync(deadline.Token));

        await ReadAsync(registry, 2, deadline.Token);

        if (OperatingSystem.IsWindows())
        {
            Assert.Equal(2, CachedHashes(sharedCache).Count); // Windows enforces share modes regardless: nothing could be evicted
        }
        else
        {
            Assert.Single(CachedHashes(sharedCache)); // version 1 was unlinked under the reader...
        }

        await holder.WriteLineAsync("read");
        Assert.Equal([$"read {Size}"], await holder.ReadToExitAsync(deadline.Token)); // ...which still read and verified every byte
    }

    private static async Task ReadAsync(IModelRegistry registry, int version, CancellationToken cancellationToken)
    {
        await using Stream artifact = await registry.OpenArtifactAsync("credit", version, cancellationToken);
        await artifact.CopyToAsync(Stream.Null, cancellationToken);
    }

    private static List<string> Hashes(params ModelVersion[] versions) => versions.Select(v => v.Artifact.Sha256).Order(StringComparer.Ordinal).ToList();

    private static List<string> CachedHashes(string cacheDirectory) =>
        Directory.EnumerateFiles(Path.Combine(cacheDirectory, "sha256"), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList();
}
