using Amazon.Runtime;
using Amazon.S3;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Register and resolve on the fleet configurations against the filesystem store: PostgreSQL metadata with artifacts on the local
/// filesystem (the difference is the metadata store), and PostgreSQL metadata with S3 artifacts (the full fleet deployment).
/// Targets: alias resolution when nothing changed stays under 1 µs without allocation on every provider (it is served from the
/// registry's replica); a registration costs the round trips of the stores it writes to.
/// </summary>
/// <remarks>
/// Needs a PostgreSQL server: <c>MODELOPS_BENCH_POSTGRES</c> (an Npgsql connection string), or one started for the run
/// (see <see cref="PostgreSqlBenchmarkServer"/>), and an S3 endpoint: <c>MODELOPS_TEST_S3_ENDPOINT</c>, or a moto server started for
/// the run (see <see cref="MotoS3Server"/>). Run with
/// <c>dotnet run -c Release --project benchmarks/ModelOps.Sdk.Benchmarks -- --filter '*PostgreSqlRegistry*'</c>.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class PostgreSqlRegistryBenchmarks
{
    private string _root = string.Empty;
    private PostgreSqlBenchmarkServer? _server;
    private ServiceProvider? _fileSystemServices;
    private ServiceProvider? _postgreSqlServices;
    private ServiceProvider? _fleetServices;
    private MotoS3Server? _s3Server;
    private IModelRegistry _fileSystem = null!;
    private IModelRegistry _postgreSql = null!;
    private IModelRegistry _fleet = null!;
    private long _invocation;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _root = Path.Combine(Path.GetTempPath(), "modelops-bench-pg-registry-" + Guid.NewGuid().ToString("N"));
        _server = PostgreSqlBenchmarkServer.Start();

        var fileSystem = new ServiceCollection();
        fileSystem.AddModelOps().UseFileSystem(Path.Combine(_root, "filesystem"));
        _fileSystemServices = fileSystem.BuildServiceProvider();
        _fileSystem = _fileSystemServices.GetRequiredService<IModelRegistry>();

        var postgreSql = new ServiceCollection();
        postgreSql.AddModelOps()
            .UseFileSystem(Path.Combine(_root, "artifacts"))
            .UsePostgreSql(o =>
            {
                o.ConnectionString = _server.ConnectionString;
                o.Schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
            });
        _postgreSqlServices = postgreSql.BuildServiceProvider();
        _postgreSql = _postgreSqlServices.GetRequiredService<IModelRegistry>();

        _s3Server = MotoS3Server.StartOrUseConfigured();
        var bucket = "bench-" + Guid.NewGuid().ToString("N")[..16];
        using (var client = new AmazonS3Client(
            new BasicAWSCredentials("bench", "bench"),
            new AmazonS3Config { ServiceURL = _s3Server.ServiceUrl, ForcePathStyle = true, AuthenticationRegion = "us-east-1" }))
        {
            await client.PutBucketAsync(bucket);
        }

        var fleet = new ServiceCollection();
        fleet.AddModelOps()
            .UsePostgreSql(o =>
            {
                o.ConnectionString = _server.ConnectionString;
                o.Schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
            })
            .UseS3(o =>
            {
                o.ServiceUrl = _s3Server.ServiceUrl;
                o.ForcePathStyle = true;
                o.BucketName = bucket;
                o.AccessKeyId = "bench";
                o.SecretAccessKey = "bench";
                o.CacheDirectory = Path.Combine(_root, "s3-cache");
            });
        _fleetServices = fleet.BuildServiceProvider();
        _fleet = _fleetServices.GetRequiredService<IModelRegistry>();

        foreach (var registry in new[] { _fileSystem, _postgreSql, _fleet })
        {
            var version = await registry.RegisterAsync(Registration());
            await registry.SetAliasAsync("credit", "champion", version.Version, reason: "benchmark");
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        foreach (var services in new[] { _fileSystemServices, _postgreSqlServices, _fleetServices })
        {
            if (services is not null)
            {
                await services.DisposeAsync();
            }
        }

        _server?.Dispose();
        _s3Server?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Resolve")]
    public ModelAlias ResolveOnFileSystem() => Resolve(_fileSystem);

    [Benchmark]
    [BenchmarkCategory("Resolve")]
    public ModelAlias ResolveOnPostgreSql() => Resolve(_postgreSql);

    [Benchmark]
    [BenchmarkCategory("Resolve")]
    public ModelAlias ResolveOnPostgreSqlAndS3() => Resolve(_fleet);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Register")]
    public Task<ModelVersion> RegisterOnFileSystem() => _fileSystem.RegisterAsync(Registration());

    [Benchmark]
    [BenchmarkCategory("Register")]
    public Task<ModelVersion> RegisterOnPostgreSql() => _postgreSql.RegisterAsync(Registration());

    [Benchmark]
    [BenchmarkCategory("Register")]
    public Task<ModelVersion> RegisterOnPostgreSqlAndS3() => _fleet.RegisterAsync(Registration());

    private static ModelAlias Resolve(IModelRegistry registry)
    {
        var pending = registry.ResolveAliasAsync("credit", "champion");

        // The replica answers synchronously; a ValueTask that is not complete yet (a catch-up once per poll interval) is awaited once.
        return pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>A small artifact that is new on every call (identical bytes would be stored once).</summary>
    private ModelVersionRegistration Registration() => new()
    {
        ModelName = "credit",
        Flavor = "onnx",
        Artifact = new MemoryStream(BitConverter.GetBytes(Interlocked.Increment(ref _invocation)), writable: false),
    };
}
