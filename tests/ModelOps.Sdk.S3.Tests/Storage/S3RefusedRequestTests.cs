using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>
/// A request the service refuses (here: a bucket that does not exist) is a configuration problem, not an outage: it fails at once
/// with <see cref="S3ArtifactStoreException"/>, without retries, and never as <see cref="StorageUnavailableException"/>.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3RefusedRequestTests(S3ServerFixture server)
{
    [Fact]
    public async Task Register_IntoAMissingBucket_FailsAsRefused_WithoutRetrying_AndNamesTheBucket()
    {
        await using var bed = new S3TestBed(server, "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]);
        var requests = new CountingHttpClientFactory();
        S3ArtifactStore store = bed.Store(requests);
        IModelRegistry registry = bed.Registry(store);

        var error = await Assert.ThrowsAsync<S3ArtifactStoreException>(() => registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new MemoryStream([1, 2, 3]),
        }));

        Assert.IsNotType<StorageUnavailableException>(error);
        Assert.Equal(bed.Bucket, error.BucketName);
        Assert.Contains("NoSuchBucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("was refused", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(requests.Requests);
        Assert.Equal(requests.Requests.Count, requests.Requests.Distinct().Count()); // refused once each, never retried
        Assert.DoesNotContain(S3ServerFixture.SecretAccessKey, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await registry.ListModelsAsync());
    }
}
