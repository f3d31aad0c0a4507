using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.PostgreSql;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Register and resolve with PostgreSQL metadata against the filesystem store, both with artifacts on the local filesystem, so the
/// difference is the metadata store. Targets: alias resolution when nothing changed stays under 1 µs without allocation on both
/// (it is served from the registry's replica); a registration costs a few round trips more on PostgreSQL.
/// </summary>
/// <remarks>
/// Needs a PostgreSQL server: <c>MODELOPS_BENCH_POSTGRES</c> (an Npgsql connection string), or one started for the run
/// (see <see cref="PostgreSqlBenchmarkServer"/>). Run with
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
    private IModelRegistry _fileSystem = null!;
    private IModelRegistry _postgreSql = null!;
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

        foreach (var registry in new[] { _fileSystem, _postgreSql })
        {
            var version = await registry.RegisterAsync(Registration());
            await registry.SetAliasAsync("credit", "champion", version.Version, reason: "benchmark");
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        foreach (var services in new[] { _fileSystemServices, _postgreSqlServices })
        {
            if (services is not null)
            {
                await services.DisposeAsync();
            }
        }

        _server?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Resolve")]
    public ModelAlias ResolveOnFileSystem() => Resolve(_fileSystem);

    [Benchmark]
    [BenchmarkCategory("Resolve")]
    public ModelAlias ResolveOnPostgreSql() => Resolve(_postgreSql);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Register")]
    public Task<ModelVersion> RegisterOnFileSystem() => _fileSystem.RegisterAsync(Registration());

    [Benchmark]
    [BenchmarkCategory("Register")]
    public Task<ModelVersion> RegisterOnPostgreSql() => _postgreSql.RegisterAsync(Registration());

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
