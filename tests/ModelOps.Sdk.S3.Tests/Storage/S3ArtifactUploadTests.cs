using System.Security.Cryptography;
using Amazon.S3.Model;
using Microsoft.Extensions.Time.Testing;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>Uploads through the registry and the store: multipart streaming, publication, and what interrupted uploads leave.</summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ArtifactUploadTests(S3ServerFixture server) : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("uploads");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Register_NonSeekableStreamOfThreeParts_IsStreamedInPartsPublishedByCopyAndReadsBack()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var requests = new CountingHttpClientFactory();
        var registry = bed.Registry(bed.Store(requests));
        byte[] content = ScriptedStream.RandomBytes((12 * MiB) + 12_345, seed: 1);

        ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new ScriptedStream(content),
        });

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), version.Artifact.Sha256);
        Assert.Equal(3, requests.PartUploads); // 5 MiB + 5 MiB + the rest, from one 5 MiB buffer
        Assert.Equal(1, requests.ObjectCopies);
        Assert.Equal([$"{bed.Prefix}/blobs/sha256/{version.Artifact.Sha256}"], await bed.ObjectKeysAsync()); // staging deleted
        Assert.Empty(await bed.MultipartUploadKeysAsync());
        await using Stream read = await registry.OpenArtifactAsync("credit", version.Version);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task Register_ContentOfOnePart_IsPutStraightToItsContentKeyWithoutStaging()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var requests = new CountingHttpClientFactory();
        var registry = bed.Registry(bed.Store(requests));
        byte[] content = ScriptedStream.RandomBytes(5 * MiB, seed: 2); // exactly one part

        ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "small", Flavor = "onnx", Artifact = new ScriptedStream(content) });

        Assert.Equal(0, requests.PartUploads);
        Assert.Equal(0, requests.ObjectCopies);
        Assert.DoesNotContain(requests.Requests, r => r.Path.Contains("/staging/", StringComparison.Ordinal));
        Assert.Equal([$"{bed.Prefix}/blobs/sha256/{version.Artifact.Sha256}"], await bed.ObjectKeysAsync());
    }

    [Fact]
    public async Task Register_CancelledMidStream_LeavesNoContentNoStagingAndNoMultipartUpload()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var requests = new CountingHttpClientFactory();
        var registry = bed.Registry(bed.Store(requests));
        byte[] content = ScriptedStream.RandomBytes(12 * MiB, seed: 3);
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => registry.RegisterAsync(
            new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new ScriptedStream(content, 7 * MiB, cancellation.Cancel) },
            cancellation.Token));

        Assert.True(requests.PartUploads >= 1, "a part should have been sent before the cancellation");
        Assert.Empty(await bed.ObjectKeysAsync());
        Assert.Empty(await bed.MultipartUploadKeysAsync());
        Assert.Empty(await registry.ListModelsAsync());
    }

    [Fact]
    public async Task Register_SourceStreamFailsAfterTwoParts_LeavesNothingAndReportsTheSourceError()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var requests = new CountingHttpClientFactory();
        var registry = bed.Registry(bed.Store(requests));
        byte[] content = ScriptedStream.RandomBytes(12 * MiB, seed: 4);

        var error = await Assert.ThrowsAsync<IOException>(() => registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new ScriptedStream(content, 11 * MiB, () => throw new IOException("the network share went away")),
        }));

        Assert.Equal("the network share went away", error.Message);
        Assert.Equal(2, requests.PartUploads);
        Assert.Empty(await bed.ObjectKeysAsync());
        Assert.Empty(await bed.MultipartUploadKeysAsync());
        Assert.Empty(await registry.ListModelsAsync());
    }

    [Fact]
    public async Task Commit_HashThatDoesNotMatchTheBytes_IsRefusedAndTheStagingIsDiscarded()
    {
        await using var bed = new S3TestBed(server, _bucket);
        S3ArtifactStore store = bed.Store(new CountingHttpClientFactory());
        byte[] content = ScriptedStream.RandomBytes(6 * MiB, seed: 5);
        string wrong = Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2, 3 }));

        await using (var upload = await store.BeginUploadAsync())
        {
            await upload.Content.WriteAsync(content);
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => upload.CommitAsync(wrong, content.Length).AsTask());
            Assert.Equal("sha256", refused.ParamName);
        }

        Assert.False(await store.ExistsAsync(wrong));
        Assert.Empty(await bed.ObjectKeysAsync());
        Assert.Empty(await bed.MultipartUploadKeysAsync());
    }

    [Fact]
    public async Task Commit_AboveTheSingleCopyLimit_CopiesPartByPartOnTheServer()
    {
        await using var bed = new S3TestBed(server, _bucket);
        var requests = new CountingHttpClientFactory();
        S3ArtifactStore store = bed.Store(requests);
        store.MultipartCopyThreshold = 6 * MiB; // stands in for S3's 5 GiB limit of one CopyObject
        store.CopyPartSize = 5 * MiB;
        byte[] content = ScriptedStream.RandomBytes(12 * MiB, seed: 6);
        string sha = Convert.ToHexStringLower(SHA256.HashData(content));

        await using (var upload = await store.BeginUploadAsync())
        {
            await upload.Content.WriteAsync(content);
            await upload.CommitAsync(sha, content.Length);
        }

        Assert.Equal(3, requests.PartCopies);
        Assert.Equal(0, requests.ObjectCopies);
        Assert.Equal([store.GetContentKey(sha)], await bed.ObjectKeysAsync());
        Assert.Empty(await bed.MultipartUploadKeysAsync());
        await using Stream? read = await store.OpenReadAsync(sha);
        var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());
    }

    [Fact]
    public async Task DeleteAbandonedUploads_RemovesOldStagingAndMultipartUploadsButNotUploadsInProgress()
    {
        await using var bed = new S3TestBed(server, _bucket);

        // What a process that crashed just now leaves: an unfinished multipart upload and a completed staging object, named as
        // the store names them (the start time, then a random id).
        string now = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        await bed.Raw.InitiateMultipartUploadAsync(bed.Bucket, $"{bed.Prefix}/staging/{now}-crashed-multipart");
        await bed.Raw.PutObjectAsync(new PutObjectRequest { BucketName = bed.Bucket, Key = $"{bed.Prefix}/staging/{now}-crashed-object", ContentBody = "left behind" });
        S3ArtifactStore today = bed.Store(new CountingHttpClientFactory());
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromDays(2));
        S3ArtifactStore twoDaysLater = bed.Store(new CountingHttpClientFactory(), timeProvider: later);
        byte[] content = ScriptedStream.RandomBytes(6 * MiB, seed: 7);

        await using var inProgress = await twoDaysLater.BeginUploadAsync();
        await inProgress.Content.WriteAsync(content);
        await inProgress.Content.WriteAsync(new byte[] { 42 }); // the first part is sent: a multipart upload exists
        Assert.Equal(2, (await bed.MultipartUploadKeysAsync()).Count);

        Assert.Equal(new S3UploadCleanupResult(0, 0, 0), await today.DeleteAbandonedUploadsAsync());
        S3UploadCleanupResult result = await twoDaysLater.DeleteAbandonedUploadsAsync();

        Assert.Equal(new S3UploadCleanupResult(AbortedMultipartUploads: 1, DeletedStagingObjects: 1, DeletedCacheFiles: 0), result);
        Assert.Single(await bed.MultipartUploadKeysAsync()); // the upload in progress
        byte[] whole = [.. content, 42];
        await inProgress.CommitAsync(Convert.ToHexStringLower(SHA256.HashData(whole)), whole.Length);
        Assert.True(await twoDaysLater.ExistsAsync(Convert.ToHexStringLower(SHA256.HashData(whole))));
    }
}
