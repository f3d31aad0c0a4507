using System.Buffers.Binary;
using Amazon.Runtime;
using Amazon.S3;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Storage.S3;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Registering a version and loading its artifact with S3 artifacts (and filesystem metadata) against the filesystem provider alone,
/// in the same run. Each category has its own baseline: <c>Register</c> on the filesystem, and <c>Load</c> on the filesystem.
/// </summary>
/// <remarks>
/// The S3 side talks to the server named by <c>MODELOPS_TEST_S3_ENDPOINT</c>, or else to a moto server (<c>moto_server</c> on
/// PATH) that <see cref="GlobalSetup"/> starts on 127.0.0.1 and a free port and <see cref="GlobalCleanup"/> stops; moto is a Python
/// emulator, so its figures show the client's overhead and the number of round trips, not the throughput of a real S3.
/// <c>LoadS3Cached</c> reads a version that is already in the local verified cache (the steady state of a fleet instance): the cost
/// is re-hashing the cached file before handing it out, then the registry's own verification while reading.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class S3ArtifactStoreBenchmarks
{
    private string _root = string.Empty;
    private byte[] _content = [];
    private long _invocation;
    private MotoS3Server? _server;
    private ServiceProvider? _fileSystem;
    private ServiceProvider? _s3;
    private IModelRegistry? _fileSystemRegistry;
    private IModelRegistry? _s3Registry;
    private int _fileSystemVersion;
    private int _s3Version;

    /// <summary>Gets or sets the artifact's size in bytes: one part, and several parts of 8 MiB.</summary>
    [Params(1024 * 1024, 24 * 1024 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _root = Path.Combine(Path.GetTempPath(), "modelops-bench-s3-" + Guid.NewGuid().ToString("N"));
        _content = new byte[Size];
        new Random(20260101).NextBytes(_content);
        _server = MotoS3Server.StartOrUseConfigured();
        string bucket = "bench-" + Guid.NewGuid().ToString("N")[..16];
        using (var client = new AmazonS3Client(
            new BasicAWSCredentials("bench", "bench"),
            new AmazonS3Config { ServiceURL = _server.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" }))
        {
            await client.PutBucketAsync(bucket);
        }

        var fileSystem = new ServiceCollection();
        fileSystem.AddModelOps().UseFileSystem(Path.Combine(_root, "fs"));
        _fileSystem = fileSystem.BuildServiceProvider();
        _fileSystemRegistry = _fileSystem.GetRequiredService<IModelRegistry>();

        var s3 = new ServiceCollection();
        s3.AddModelOps().UseFileSystem(Path.Combine(_root, "s3-metadata")).UseS3(options =>
        {
            options.ServiceUrl = _server.ServiceUrl;
            options.ForcePathStyle = true;
            options.BucketName = bucket;
            options.AccessKeyId = "bench";
            options.SecretAccessKey = "bench";
            options.CacheDirectory = Path.Combine(_root, "s3-cache");
        });
        _s3 = s3.BuildServiceProvider();
        _s3Registry = _s3.GetRequiredService<IModelRegistry>();

        _fileSystemVersion = (await _fileSystemRegistry.RegisterAsync(Registration())).Version;
        _s3Version = (await _s3Registry.RegisterAsync(Registration())).Version;
        await LoadS3Cached(); // downloaded once: the loads below are served by the verified cache
    }

    /// <summary>Identical bytes are stored once, so every invocation registers content made new by a counter in its first 8 bytes.</summary>
    [IterationSetup(Targets = [nameof(RegisterFileSystem), nameof(RegisterS3)])]
    public void MakeArtifactUnique() => BinaryPrimitives.WriteInt64LittleEndian(_content, ++_invocation);

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_fileSystem is not null)
        {
            await _fileSystem.DisposeAsync();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }

        _server?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Registers a new version on the filesystem provider (metadata and artifact on the local disk, flushed).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Register")]
    public Task<ModelVersion> RegisterFileSystem() => _fileSystemRegistry!.RegisterAsync(Registration());

    /// <summary>Registers a new version with S3 artifacts: parts uploaded, copied to the content key, staging deleted; metadata on disk.</summary>
    [Benchmark]
    [BenchmarkCategory("Register")]
    public Task<ModelVersion> RegisterS3() => _s3Registry!.RegisterAsync(Registration());

    /// <summary>Reads a version's artifact to the end from the filesystem provider, verified by the registry.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Load")]
    public Task<long> LoadFileSystem() => ReadAsync(_fileSystemRegistry!, _fileSystemVersion);

    /// <summary>Reads a version's artifact to the end from the S3 store's verified local cache (no request to the server).</summary>
    [Benchmark]
    [BenchmarkCategory("Load")]
    public Task<long> LoadS3Cached() => ReadAsync(_s3Registry!, _s3Version);

    private static async Task<long> ReadAsync(IModelRegistry registry, int version)
    {
        await using Stream stream = await registry.OpenArtifactAsync("bench", version);
        byte[] buffer = new byte[128 * 1024];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private ModelVersionRegistration Registration() => new() { ModelName = "bench", Flavor = "onnx", Artifact = new MemoryStream(_content, writable: false) };
}
