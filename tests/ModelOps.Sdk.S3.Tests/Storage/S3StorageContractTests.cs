using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Storage.S3;
using ModelOps.Sdk.Testing;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>
/// Runs the storage-provider contract kit with S3 artifacts (a moto server) and in-memory metadata: every test gets its own key
/// prefix and cache directory in this class's bucket; a second instance is a second <see cref="S3ArtifactStore"/> over the same
/// bucket and prefix with its own cache, as another machine of the fleet would have.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3StorageContractTests(S3ServerFixture server) : StorageProviderContractTests
{
    private static readonly SemaphoreSlim BucketGate = new(1, 1);
    private static string? s_bucket;

    protected override async ValueTask<StorageUnderTest> CreateStorageAsync()
    {
        string bucket = await BucketAsync();
        string prefix = "contract/" + Guid.NewGuid().ToString("N");
        var metadata = new InMemoryMetadataStore();
        return Open(metadata, bucket, prefix);
    }

    private StorageUnderTest Open(InMemoryMetadataStore metadata, string bucket, string prefix)
    {
        var cache = new TemporaryDirectory("contract-cache");
        var artifacts = new S3ArtifactStore(server.Options(bucket, prefix, cache.Path));
        return new StorageUnderTest(metadata, artifacts, () => ValueTask.FromResult(Open(metadata, bucket, prefix)), () =>
        {
            artifacts.Dispose();
            cache.Dispose();
            return ValueTask.CompletedTask;
        });
    }

    private async Task<string> BucketAsync()
    {
        await BucketGate.WaitAsync();
        try
        {
            return s_bucket ??= await server.CreateBucketAsync("contract");
        }
        finally
        {
            BucketGate.Release();
        }
    }
}
