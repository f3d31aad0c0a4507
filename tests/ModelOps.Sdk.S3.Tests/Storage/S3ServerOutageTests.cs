using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.S3.Tests.Infrastructure;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.S3.Tests.Storage;

/// <summary>
/// The S3 server stops while a host runs: registration fails with a clear transient error, nothing half-committed is visible to
/// this or another instance, versions already loaded keep loading from the verified cache, and no credential leaks. Each test
/// starts a moto server of its own, so stopping it does not disturb the other tests.
/// </summary>
[Collection(S3ServerDefinition.Name)]
public sealed class S3ServerOutageTests
{
    [Fact]
    public async Task Register_WhileTheServerIsStopped_FailsTransientlyCommitsNothingAndLoadsKeepComingFromTheCache()
    {
        await using MotoServer moto = await MotoServer.StartAsync();
        using var metadataRoot = new TemporaryDirectory("metadata");
        using var cache = new TemporaryDirectory("cache");
        string bucket = "outage-" + Guid.NewGuid().ToString("N")[..12];
        using (var client = S3ServerFixture.CreateClient(moto.ServiceUrl))
        {
            await client.PutBucketAsync(bucket);
        }

        var logs = new CollectingLoggerFactory();
        S3ArtifactStoreOptions configured = S3ServerFixture.Options(moto.ServiceUrl, bucket, "fleet", cache.Path);
        ServiceProvider Build()
        {
            var services = new ServiceCollection();
            services.AddSingleton<ILoggerFactory>(logs);
            services.AddModelOps().UseFileSystem(metadataRoot.Path).UseS3(options => Copy(configured, options));
            return services.BuildServiceProvider();
        }

        await using ServiceProvider host = Build();
        var registry = host.GetRequiredService<IModelRegistry>();
        byte[] v1 = ScriptedStream.RandomBytes(50_000, seed: 20);
        ModelVersion first = await registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = new MemoryStream(v1) });
        await (await registry.OpenArtifactAsync("credit", first.Version)).DisposeAsync(); // loaded once: now in the cache

        await moto.DisposeAsync(); // the server stops

        // The provider-neutral transient type, as PostgreSQL throws when its server is down: a host catches one type for both.
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => registry.RegisterAsync(new ModelVersionRegistration
        {
            ModelName = "credit",
            Flavor = "onnx",
            Artifact = new ScriptedStream(ScriptedStream.RandomBytes(7 * 1024 * 1024, seed: 21)),
        }));

        Assert.Equal(3, error.Attempts);
        Assert.Equal($"S3 bucket '{bucket}' at {moto.ServiceUrl}, prefix 'fleet'", error.Location);
        Assert.Equal(error.Location, ((S3ArtifactStore)host.GetRequiredService<ModelOps.Sdk.Storage.IArtifactStore>()).Location);
        Assert.Contains(moto.ServiceUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("transient", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(S3ServerFixture.SecretAccessKey, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, entry => entry.Contains(S3ServerFixture.SecretAccessKey, StringComparison.Ordinal));

        // Nothing half-committed: this instance and a new one over the same metadata see version 1 only.
        Assert.Equal([1], (await registry.ListVersionsAsync("credit")).Items.Select(v => v.Version));
        await using ServiceProvider otherHost = Build();
        var other = otherHost.GetRequiredService<IModelRegistry>();
        Assert.Equal([1], (await other.ListVersionsAsync("credit")).Items.Select(v => v.Version));

        // The version loaded before the outage still loads, from the verified cache, on both instances.
        foreach (IModelRegistry instance in new[] { registry, other })
        {
            await using Stream stream = await instance.OpenArtifactAsync("credit", first.Version);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(v1, copy.ToArray());
        }
    }

    private static void Copy(S3ArtifactStoreOptions from, S3ArtifactStoreOptions to)
    {
        to.ServiceUrl = from.ServiceUrl;
        to.ForcePathStyle = from.ForcePathStyle;
        to.BucketName = from.BucketName;
        to.KeyPrefix = from.KeyPrefix;
        to.AccessKeyId = from.AccessKeyId;
        to.SecretAccessKey = from.SecretAccessKey;
        to.PartSize = from.PartSize;
        to.CacheDirectory = from.CacheDirectory;
        to.MaxRetryAttempts = from.MaxRetryAttempts;
        to.RetryBaseDelay = from.RetryBaseDelay;
        to.AttemptTimeout = from.AttemptTimeout;
    }
}
