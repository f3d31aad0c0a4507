using System.Security.Cryptography;
using Amazon.S3.Model;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>Reads: the local verified cache, corrupt cache files, and tampered objects in the bucket.</summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ArtifactCacheTests(S3ServerFixture server) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("cache");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OpenArtifact_OnAnotherInstanceSharingTheCache_LoadsFromTheCacheWithoutDownloading()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var first = new CountingHttpClientFactory();
        var registry = bed.Registry(bed.Store(first));
        byte[] content = ScriptedStream.RandomBytes((6 * MiB) + 3, seed: 10);
        ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream(content) });

        Assert.Equal(content, await ReadAllAsync(await registry.OpenArtifactAsync("credit", version.Version)));
        Assert.Equal(2, first.ContentDownloads); // two ranged reads of one part each
        Assert.True(File.Exists(bed.Store(new CountingHttpClientFactory()).GetCachePath(version.Artifact.Sha256)));

        // Another process on the machine: its own store and registry, the same cache directory.
        var second = new CountingHttpClientFactory();
        S3ArtifactStore secondStore = bed.Store(second);
        Assert.Equal(content, await ReadAllAsync((await secondStore.OpenReadAsync(version.Artifact.Sha256))!));
        Assert.Equal(content, await ReadAllAsync((await secondStore.OpenReadAsync(version.Artifact.Sha256))!));
        Assert.Equal(0, second.ContentDownloads);
    }

    [Fact]
    public async Task OpenRead_CorruptCacheFile_IsDetectedAndDownloadedAgain()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var requests = new CountingHttpClientFactory();
        S3ArtifactStore store = bed.Store(requests);
        byte[] content = ScriptedStream.RandomBytes(300_000, seed: 11);
        string sha = await UploadAsync(store, content);
        Assert.Equal(content, await ReadAllAsync((await store.OpenReadAsync(sha))!));
        string cached = store.GetCachePath(sha)!;
        byte[] corrupt = (byte[])content.Clone();
        corrupt[150_000] ^= 0xFF; // one flipped bit pattern, same length and name
        await File.WriteAllBytesAsync(cached, corrupt);
        requests.Clear();

        Assert.Equal(content, await ReadAllAsync((await store.OpenReadAsync(sha))!));

        Assert.Equal(1, requests.ContentDownloads);
        Assert.Equal(content, await File.ReadAllBytesAsync(cached));
    }

    [Fact]
    public async Task OpenArtifact_ObjectTamperedInTheBucket_ThrowsArtifactIntegrityExceptionAndCachesNothing()
    {
        await using var bed = new S3TestBed(server, _bucket);
        S3ArtifactStore store = bed.Store(new CountingHttpClientFactory());
        var registry = bed.Registry(store);
        byte[] content = ScriptedStream.RandomBytes(100_000, seed: 12);
        ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream(content) });
        byte[] tampered = (byte[])content.Clone();
        tampered[0] ^= 1;
        await bed.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bed.Bucket, Key = store.GetContentKey(version.Artifact.Sha256), InputStream = new MemoryStream(tampered) });

        var error = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => registry.OpenArtifactAsync("credit", version.Version));

        Assert.Equal(version.Artifact.Sha256, error.ExpectedSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(tampered)), error.ActualSha256);
        Assert.False(File.Exists(store.GetCachePath(version.Artifact.Sha256)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "tmp")));
    }

    [Fact]
    public async Task OpenArtifact_WithoutCacheAndATamperedObject_FailsTheVerifiedReadBeforeTheLastByte()
    {
        await using var bed = new S3TestBed(server, _bucket);
        S3ArtifactStoreOptions options = bed.Options();
        options.UseLocalCache = false;
        S3ArtifactStore store = bed.Store(new CountingHttpClientFactory(), options);
        var registry = bed.Registry(store);
        byte[] content = ScriptedStream.RandomBytes(100_000, seed: 13);
        ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream(content) });
        Assert.Null(store.GetCachePath(version.Artifact.Sha256));
        Assert.Equal(content, await ReadAllAsync(await registry.OpenArtifactAsync("credit", version.Version)));
        byte[] tampered = (byte[])content.Clone();
        tampered[^1] ^= 1;
        await bed.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bed.Bucket, Key = store.GetContentKey(version.Artifact.Sha256), InputStream = new MemoryStream(tampered) });

        await Assert.ThrowsAsync<ArtifactIntegrityException>(async () => await ReadAllAsync(await registry.OpenArtifactAsync("credit", version.Version)));
    }

    [Fact]
    public async Task OpenRead_ManyInstancesSharingOneCacheAtOnce_AllGetTheBytesAndLeaveOneVerifiedFile()
    {
        await using var bed = new S3TestBed(server, _bucket);
        S3ArtifactStore writer = bed.Store(new CountingHttpClientFactory());
        byte[] content = ScriptedStream.RandomBytes((5 * MiB) + 77, seed: 14);
        string sha = await UploadAsync(writer, content);
        S3ArtifactStore[] readers = Enumerable.Range(0, 6).Select(_ => bed.Store(new CountingHttpClientFactory())).ToArray();

        byte[][] results = await Task.WhenAll(readers.Select(reader => Task.Run(async () => await ReadAllAsync((await reader.OpenReadAsync(sha))!))));

        Assert.All(results, bytes => Assert.Equal(content, bytes));
        Assert.Equal(content, await File.ReadAllBytesAsync(writer.GetCachePath(sha)!));
        Assert.Single(Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "sha256"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bed.Cache.Path, "tmp")));
    }

    private static async Task<string> UploadAsync(S3ArtifactStore store, byte[] content)
    {
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));
        await using var upload = await store.BeginUploadAsync();
        await upload.Content.WriteAsync(content);
        await upload.CommitAsync(sha, content.Length);
        return sha;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
