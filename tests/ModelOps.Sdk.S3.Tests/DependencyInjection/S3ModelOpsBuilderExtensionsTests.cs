using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.InMemory;
using ModelOps.Sdk.Storage.S3;
using Polly;

namespace ModelOps.Sdk.S3.Tests.DependencyInjection;

/// <summary><c>UseS3</c>: mixing with metadata providers, binding from configuration, validation at first use.</summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ModelOpsBuilderExtensionsTests(S3ServerFixture server) : IAsyncLifetime
{
    private string _bucket = string.Empty;

    public async Task InitializeAsync() => _bucket = await server.CreateBucketAsync("di");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task UseS3_AfterUseFileSystem_GivesFileSystemMetadataAndS3Artifacts()
    {
        using var metadata = new TemporaryDirectory("fs");
        using var cache = new TemporaryDirectory("cache");
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(metadata.Path).UseS3(options =>
        {
            options.ServiceUrl = server.ServiceUrl;
            options.ForcePathStyle = true;
            options.BucketName = _bucket;
            options.KeyPrefix = "mixed";
            options.AccessKeyId = S3ServerFixture.AccessKeyId;
            options.SecretAccessKey = S3ServerFixture.SecretAccessKey;
            options.CacheDirectory = cache.Path;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        Assert.IsType<FileSystemMetadataStore>(provider.GetRequiredService<IModelMetadataStore>());
        var artifacts = Assert.IsType<S3ArtifactStore>(provider.GetRequiredService<IArtifactStore>());
        var registry = provider.GetRequiredService<IModelRegistry>();
        ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([1, 2, 3]) });
        Assert.True(await artifacts.ExistsAsync(version.Artifact.Sha256));
        Assert.False(File.Exists(Path.Combine(metadata.Path, "blobs", "sha256", version.Artifact.Sha256[..2], version.Artifact.Sha256)));
    }

    [Fact]
    public async Task UseS3_AfterUseInMemory_KeepsInMemoryMetadata_AndALaterUseFileSystemTakesArtifactsBack()
    {
        using var root = new TemporaryDirectory("fs");
        void Configure(S3ArtifactStoreOptions options)
        {
            options.BucketName = _bucket;
            options.ServiceUrl = server.ServiceUrl;
            options.CacheDirectory = Path.Combine(root.Path, "cache");
        }

        var s3Last = new ServiceCollection();
        s3Last.AddModelOps().UseInMemory().UseS3(Configure);
        var fileSystemLast = new ServiceCollection();
        fileSystemLast.AddModelOps().UseS3(Configure).UseFileSystem(Path.Combine(root.Path, "registry"));

        await using ServiceProvider first = s3Last.BuildServiceProvider();
        await using ServiceProvider second = fileSystemLast.BuildServiceProvider();
        Assert.IsType<InMemoryMetadataStore>(first.GetRequiredService<IModelMetadataStore>());
        Assert.IsType<S3ArtifactStore>(first.GetRequiredService<IArtifactStore>());
        Assert.IsType<FileSystemArtifactStore>(second.GetRequiredService<IArtifactStore>());
    }

    [Fact]
    public async Task UseS3_OptionsBoundFromConfiguration_ReachTheStore()
    {
        using var cache = new TemporaryDirectory("cache");
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelOps:S3:ServiceUrl"] = server.ServiceUrl,
            ["ModelOps:S3:ForcePathStyle"] = "true",
            ["ModelOps:S3:BucketName"] = _bucket,
            ["ModelOps:S3:KeyPrefix"] = "bound/prefix",
            ["ModelOps:S3:AccessKeyId"] = S3ServerFixture.AccessKeyId,
            ["ModelOps:S3:SecretAccessKey"] = S3ServerFixture.SecretAccessKey,
            ["ModelOps:S3:PartSize"] = "6291456",
            ["ModelOps:S3:CacheDirectory"] = cache.Path,
            ["ModelOps:S3:AttemptTimeout"] = "00:00:20",
            ["ModelOps:S3:MaxRetryAttempts"] = "5",
            ["ModelOps:S3:RetryBackoff"] = "Linear",
        }).Build();
        var services = new ServiceCollection();
        services.AddOptions<S3ArtifactStoreOptions>().Bind(configuration.GetSection("ModelOps:S3"));
        services.AddModelOps().UseInMemory().UseS3();
        await using ServiceProvider provider = services.BuildServiceProvider();

        S3ArtifactStoreOptions options = provider.GetRequiredService<IOptions<S3ArtifactStoreOptions>>().Value;
        Assert.Equal((6291456, TimeSpan.FromSeconds(20), 5, DelayBackoffType.Linear), (options.PartSize, options.AttemptTimeout, options.MaxRetryAttempts, options.RetryBackoff));
        var registry = provider.GetRequiredService<IModelRegistry>();
        ModelVersion version = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream([4, 5, 6]) });
        var store = Assert.IsType<S3ArtifactStore>(provider.GetRequiredService<IArtifactStore>());
        Assert.Equal($"bound/prefix/blobs/sha256/{version.Artifact.Sha256}", store.GetContentKey(version.Artifact.Sha256));
        Assert.Contains(store.GetContentKey(version.Artifact.Sha256), await BucketInspector.ObjectKeysAsync(server.CreateClient(), _bucket, "bound/prefix"));
    }

    [Fact]
    public async Task UseS3_InvalidOptions_FailWhenTheRegistryIsFirstResolvedNamingEveryProblemButNoSecret()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().UseS3(options =>
        {
            options.PartSize = 1024;
            options.SecretAccessKey = "top-secret-value";
            options.KeyPrefix = "/leading";
            options.ServiceUrl = "ftp://example";
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IModelRegistry>());

        Assert.Contains(error.Failures, f => f.Contains("BucketName is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PartSize is 1024 bytes", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("SecretAccessKey is set but AccessKeyId is not", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("KeyPrefix '/leading'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ServiceUrl 'ftp://example'", StringComparison.Ordinal));
        Assert.Equal(5, error.Failures.Count());
        Assert.DoesNotContain("top-secret-value", error.ToString(), StringComparison.Ordinal);
    }
}
