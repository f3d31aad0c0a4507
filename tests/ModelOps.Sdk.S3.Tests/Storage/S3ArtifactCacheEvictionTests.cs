using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>
/// The cache's size limit: least recently used artifacts are evicted after a download, across instances sharing the directory,
/// and an artifact a reader has open is never evicted under it.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ArtifactCacheEvictionTests(S3ServerFixture server) : IAsyncLifetime
{
    private const int Size = 100_000;
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("evict");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OpenRead_BeyondTheLimit_EvictsTheLeastRecentlyUsedArtifact_AsRecordedByEveryInstanceSharingTheCache()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        S3ArtifactStoreOptions options = bed.Options();
        options.CacheSizeLimit = (2 * Size) + (Size / 2); // room for two
        S3ArtifactStore writer = bed.Store(new CountingHttpClientFactory(), Uncached(bed));
        string[] sha = [await UploadAsync(writer, 1), await UploadAsync(writer, 2), await UploadAsync(writer, 3)];
        var firstRequests = new CountingHttpClientFactory();
        var secondRequests = new CountingHttpClientFactory();
        S3ArtifactStore first = bed.Store(firstRequests, options, clock);
        S3ArtifactStore second = bed.Store(secondRequests, options, clock);

        await ReadAsync(first, sha[0], 1, clock);   // x used at t1
        await ReadAsync(second, sha[1], 2, clock);  // y used at t2, by the other instance
        await ReadAsync(first, sha[0], 1, clock);   // x used again at t3: a hit, no download
        Assert.Equal(1, firstRequests.ContentDownloads);

        await ReadAsync(second, sha[2], 3, clock);  // z downloaded at t4: 3 artifacts > limit, y is the least recently used

        Assert.Equal(Sorted(sha[0], sha[2]), CachedHashes(bed));
        Assert.True(CachedBytes(bed) <= options.CacheSizeLimit);

        await ReadAsync(first, sha[1], 2, clock);   // y downloaded again at t5; now x (t3) is the least recently used

        Assert.Equal(Sorted(sha[1], sha[2]), CachedHashes(bed));
        Assert.Equal(2, firstRequests.ContentDownloads);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "tmp")));
    }

    [Fact]
    public async Task OpenRead_BeyondTheLimit_NeverEvictsAnArtifactAnotherInstanceHasOpen_AndItsReaderReadsEveryByte()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        S3ArtifactStoreOptions options = bed.Options();
        options.CacheSizeLimit = Size + (Size / 2); // room for one
        S3ArtifactStore writer = bed.Store(new CountingHttpClientFactory(), Uncached(bed));
        string[] sha = [await UploadAsync(writer, 1), await UploadAsync(writer, 2), await UploadAsync(writer, 3)];
        S3ArtifactStore holder = bed.Store(new CountingHttpClientFactory(), options, clock);
        S3ArtifactStore other = bed.Store(new CountingHttpClientFactory(), options, clock);

        clock.Advance(TimeSpan.FromSeconds(1));
        Stream held = (await holder.OpenReadAsync(sha[0]))!; // x: the least recently used from now on, but open
        await ReadAsync(other, sha[1], 2, clock);
        Assert.Equal(Sorted(sha[0], sha[1]), CachedHashes(bed)); // over the limit while x is open

        await ReadAsync(other, sha[2], 3, clock); // y goes, x stays

        Assert.Equal(Sorted(sha[0], sha[2]), CachedHashes(bed));
        await using (held)
        {
            var copy = new MemoryStream();
            await held.CopyToAsync(copy);
            Assert.Equal(Content(1), copy.ToArray());
        }

        await ReadAsync(other, sha[1], 2, clock); // x is closed now: it goes, and z too, to fit the limit

        Assert.Equal([sha[1]], CachedHashes(bed));
    }

    [Fact]
    public async Task OpenRead_ManyInstancesReadingMoreThanTheLimitAtOnce_AllReadTheirBytes_AndTheCacheEndsWithinTheLimit()
    {
        await using var bed = new S3TestBed(server, _bucket);
        S3ArtifactStoreOptions options = bed.Options();
        options.CacheSizeLimit = 2 * Size;
        S3ArtifactStore writer = bed.Store(new CountingHttpClientFactory(), Uncached(bed));
        var sha = new List<string>();
        for (int seed = 1; seed <= 5; seed++)
        {
            sha.Add(await UploadAsync(writer, seed));
        }

        S3ArtifactStore[] readers = Enumerable.Range(0, 4).Select(_ => bed.Store(new CountingHttpClientFactory(), options)).ToArray();

        await Task.WhenAll(readers.Select((reader, r) => Task.Run(async () =>
        {
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < sha.Count; i++)
                {
                    int index = (i + r) % sha.Count; // each instance in its own order
                    await using Stream stream = (await reader.OpenReadAsync(sha[index]))!;
                    var copy = new MemoryStream();
                    await stream.CopyToAsync(copy);
                    Assert.Equal(Content(index + 1), copy.ToArray());
                }
            }
        })));

        // Nothing is open any more: one more download trims the cache to the limit.
        await ReadAsync(readers[0], sha[0], 1, clock: null);
        Assert.True(CachedBytes(bed) <= options.CacheSizeLimit, $"{CachedBytes(bed)} bytes cached");
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "tmp")));
    }

    private static S3ArtifactStoreOptions Uncached(S3TestBed bed)
    {
        S3ArtifactStoreOptions options = bed.Options();
        options.UseLocalCache = false;
        return options;
    }

    private static byte[] Content(int seed) => ScriptedStream.RandomBytes(Size, seed);

    private static async Task<string> UploadAsync(S3ArtifactStore store, int seed)
    {
        byte[] content = Content(seed);
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var upload = await store.BeginUploadAsync();
        await upload.Content.WriteAsync(content);
        await upload.CommitAsync(sha, content.Length);
        return sha;
    }

    /// <summary>Advances the clock a second (so uses are ordered) and reads an artifact to its end, checking its bytes.</summary>
    private static async Task ReadAsync(S3ArtifactStore store, string sha, int seed, FakeTimeProvider? clock)
    {
        clock?.Advance(TimeSpan.FromSeconds(1));
        await using Stream stream = (await store.OpenReadAsync(sha))!;
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(Content(seed), copy.ToArray());
    }

    private static List<string> Sorted(params string[] hashes) => hashes.Order(StringComparer.Ordinal).ToList();

    private static List<string> CachedHashes(S3TestBed bed) =>
        Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "sha256"), "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    private static long CachedBytes(S3TestBed bed) =>
        Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "sha256"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
