using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Properties;

/// <summary>
/// For any sequence of reads by two instances sharing one cache directory under a size limit of <c>k</c> artifacts, the cache holds
/// exactly what a least-recently-used cache of capacity <c>k</c> that evicts after each miss would hold, every read returns the
/// artifact's bytes, and an artifact is downloaded exactly when that model misses.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ArtifactCacheEvictionProperties(S3ServerFixture server) : IAsyncLifetime
{
    private const int Size = 10_000;
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("lru");

    public Task DisposeAsync() => Task.CompletedTask;

    [Property(MaxTest = 12, Arbitrary = [typeof(ReadSequences)])]
    public async Task OpenRead_AnySequenceOfReadsByTwoInstances_KeepsWhatAnLruCacheOfTheLimitKeeps(ReadSequence sequence)
    {
        await using var bed = new S3TestBed(server, _bucket);
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        S3ArtifactStoreOptions uncached = bed.Options();
        uncached.UseLocalCache = false;
        S3ArtifactStore writer = bed.Store(new CountingHttpClientFactory(), uncached);
        var hashes = new string[sequence.Artifacts];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = await UploadAsync(writer, Content(i));
        }

        S3ArtifactStoreOptions options = bed.Options();
        options.CacheSizeLimit = ((long)sequence.Capacity * Size) + (Size / 2);
        var requests = new[] { new CountingHttpClientFactory(), new CountingHttpClientFactory() };
        S3ArtifactStore[] instances = [bed.Store(requests[0], options, clock), bed.Store(requests[1], options, clock)];
        var model = new LinkedList<int>(); // most recently used first
        int misses = 0;

        for (int step = 0; step < sequence.Reads.Length; step++)
        {
            int artifact = sequence.Reads[step];
            clock.Advance(TimeSpan.FromSeconds(1));
            await using (Stream stream = (await instances[step % 2].OpenReadAsync(hashes[artifact]))!)
            {
                var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                Assert.Equal(Content(artifact), copy.ToArray());
            }

            if (!model.Remove(artifact))
            {
                misses++;
                while (model.Count >= sequence.Capacity)
                {
                    model.RemoveLast();
                }
            }

            model.AddFirst(artifact);
            Assert.Equal(model.Select(i => hashes[i]).Order(StringComparer.Ordinal), CachedHashes(bed));
        }

        Assert.Equal(misses, requests.Sum(r => r.ContentDownloads)); // one ranged read per download: each artifact is smaller than a part
    }

    public sealed record ReadSequence(int Artifacts, int Capacity, int[] Reads)
    {
        public override string ToString() => $"Artifacts = {Artifacts}, Capacity = {Capacity}, Reads = [{string.Join(", ", Reads)}]";
    }

    public static class ReadSequences
    {
        public static Arbitrary<ReadSequence> Sequences() =>
            (from artifacts in Gen.Choose(2, 5)
             from capacity in Gen.Choose(1, artifacts - 1)
             from length in Gen.Choose(1, 14)
             from reads in Gen.ArrayOf(Gen.Choose(0, artifacts - 1), length)
             select new ReadSequence(artifacts, capacity, reads)).ToArbitrary();
    }

    private static byte[] Content(int index) => ScriptedStream.RandomBytes(Size, 1000 + index);

    private static async Task<string> UploadAsync(S3ArtifactStore store, byte[] content)
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var upload = await store.BeginUploadAsync();
        await upload.Content.WriteAsync(content);
        await upload.CommitAsync(sha, content.Length);
        return sha;
    }

    private static List<string> CachedHashes(S3TestBed bed) =>
        Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "sha256"), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList();
}
