using Amazon.S3;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>
/// One test's S3 surroundings: a key prefix of its own in the class's bucket, a cache directory of its own, a counting client and a
/// raw client to look behind the store's back.
/// </summary>
public sealed class S3TestBed : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly List<ServiceProvider> _registries = [];

    public S3TestBed(S3ServerFixture server, string bucket)
    {
        Server = server;
        Bucket = bucket;
        Prefix = "t/" + Guid.NewGuid().ToString("N")[..12];
        Cache = new TemporaryDirectory("cache");
        Raw = server.CreateClient();
    }

    public S3ServerFixture Server { get; }

    public string Bucket { get; }

    public string Prefix { get; }

    public TemporaryDirectory Cache { get; }

    public AmazonS3Client Raw { get; }

    public S3ArtifactStoreOptions Options(string? cacheDirectory = null) => Server.Options(Bucket, Prefix, cacheDirectory ?? Cache.Path);

    /// <summary>A store whose requests are counted by <paramref name="requests"/>.</summary>
    public S3ArtifactStore Store(CountingHttpClientFactory requests, S3ArtifactStoreOptions? options = null, TimeProvider? timeProvider = null)
    {
        AmazonS3Client client = Server.CreateClient(requests);
        _owned.Add(client);
        var store = new S3ArtifactStore(options ?? Options(), client, timeProvider, logger: null);
        _owned.Add(store);
        return store;
    }

    /// <summary>A registry with in-memory metadata over an artifact store.</summary>
    public IModelRegistry Registry(S3ArtifactStore store)
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UseArtifactStore(_ => store);
        ServiceProvider provider = services.BuildServiceProvider();
        _registries.Add(provider);
        return provider.GetRequiredService<IModelRegistry>();
    }

    public Task<List<string>> ObjectKeysAsync() => BucketInspector.ObjectKeysAsync(Raw, Bucket, Prefix);

    public Task<List<string>> MultipartUploadKeysAsync() => BucketInspector.MultipartUploadKeysAsync(Raw, Bucket, Prefix);

    public async ValueTask DisposeAsync()
    {
        foreach (ServiceProvider registry in _registries)
        {
            await registry.DisposeAsync();
        }

        foreach (IDisposable owned in _owned)
        {
            owned.Dispose();
        }

        Raw.Dispose();
        Cache.Dispose();
    }
}
