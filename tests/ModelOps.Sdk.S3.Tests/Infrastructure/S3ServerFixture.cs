using Amazon.Runtime;
using Amazon.S3;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Infrastructure;

/// <summary>
/// The S3-compatible server the tests share: the one named by <c>MODELOPS_TEST_S3_ENDPOINT</c>, or else a moto server started for
/// the run and stopped after it. If neither is available, every test of the collection fails with what to install.
/// </summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    /// <summary>The environment variable that names an already running S3-compatible server.</summary>
    public const string EndpointVariable = "MODELOPS_TEST_S3_ENDPOINT";

    internal const string AccessKeyId = "modelops-test";
    internal const string SecretAccessKey = "modelops-test-secret-never-shown";

    private MotoServer? _server;
    private int _buckets;

    public string ServiceUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } endpoint)
        {
            ServiceUrl = endpoint.TrimEnd('/');
            await MotoServer.WaitUntilAnsweringAsync(process: null, ServiceUrl, output: null); // any HTTP answer will do
            return;
        }

        _server = await MotoServer.StartAsync();
        ServiceUrl = _server.ServiceUrl;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Creates a raw client for arranging and inspecting the bucket behind the store's back.</summary>
    public AmazonS3Client CreateClient(HttpClientFactory? httpClientFactory = null) => CreateClient(ServiceUrl, httpClientFactory);

    internal static AmazonS3Client CreateClient(string serviceUrl, HttpClientFactory? httpClientFactory = null) => new(
        new BasicAWSCredentials(AccessKeyId, SecretAccessKey),
        new AmazonS3Config
        {
            ServiceURL = serviceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = httpClientFactory,
        });

    /// <summary>Creates a new, empty bucket with a unique name.</summary>
    public async Task<string> CreateBucketAsync(string hint)
    {
        string unique = $"{hint}-{Interlocked.Increment(ref _buckets)}-{Guid.NewGuid():N}".ToLowerInvariant();
        string name = unique[..Math.Min(unique.Length, 40)].TrimEnd('-');
        using AmazonS3Client client = CreateClient();
        await client.PutBucketAsync(name);
        return name;
    }

    /// <summary>Options for a store over a bucket of this server, with a private cache directory.</summary>
    public S3ArtifactStoreOptions Options(string bucket, string prefix, string cacheDirectory) => Options(ServiceUrl, bucket, prefix, cacheDirectory);

    internal static S3ArtifactStoreOptions Options(string serviceUrl, string bucket, string prefix, string cacheDirectory) => new()
    {
        ServiceUrl = serviceUrl,
        ForcePathStyle = true,
        BucketName = bucket,
        KeyPrefix = prefix,
        AccessKeyId = AccessKeyId,
        SecretAccessKey = SecretAccessKey,
        PartSize = S3ArtifactStoreOptions.MinPartSize,
        CacheDirectory = cacheDirectory,
        MaxRetryAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(30),
    };
}

/// <summary>The collection of every test that uses the shared S3 server.</summary>
[CollectionDefinition(Name)]
public sealed class S3ServerDefinition : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "S3 server";
}
