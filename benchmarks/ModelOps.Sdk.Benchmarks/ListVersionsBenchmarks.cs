using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>Paging through all 10,000 versions of a model, 1,000 at a time, against copying 10,000 records into a list.</summary>
[MemoryDiagnoser]
public class ListVersionsBenchmarks
{
    private const int VersionCount = 10_000;
    private const int PageSize = 1000;

    private readonly List<ModelVersion> _records = new(VersionCount);
    private string? _root;
    private ServiceProvider? _services;
    private IModelRegistry? _registry;

    /// <summary>The store the registry runs on.</summary>
    public enum StoreKind
    {
        /// <summary><c>UseInMemory()</c>.</summary>
        InMemory,

        /// <summary><c>UseFileSystem(path)</c>.</summary>
        FileSystem,
    }

    /// <summary>Gets or sets the store the registry runs on.</summary>
    [Params(StoreKind.InMemory, StoreKind.FileSystem)]
    public StoreKind Store { get; set; }

    [GlobalSetup(Target = nameof(CopyRecords))]
    public void CreateRecords()
    {
        var artifact = new ArtifactFile("model", new string('a', 64), 16);
        for (var version = 1; version <= VersionCount; version++)
        {
            _records.Add(new ModelVersion { ModelName = "credit", Version = version, Flavor = "onnx", Artifact = artifact, RegisteredBy = "bench" });
        }
    }

    [GlobalSetup(Target = nameof(ListAllVersions))]
    public async Task RegisterVersions()
    {
        var services = new ServiceCollection();
        var builder = services.AddModelOps();
        if (Store == StoreKind.FileSystem)
        {
            _root = Path.Combine(Path.GetTempPath(), "modelops-bench-list-" + Guid.NewGuid().ToString("N"));
            builder.UseFileSystem(_root);
        }
        else
        {
            builder.UseInMemory();
        }

        _services = services.BuildServiceProvider();
        _registry = _services.GetRequiredService<IModelRegistry>();

        // Every version shares one stored artifact (identical bytes are stored once); the journal holds 10,000 versions.
        var content = "credit model v1"u8.ToArray();
        for (var i = 0; i < VersionCount; i++)
        {
            using var artifact = new MemoryStream(content, writable: false);
            await _registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = artifact });
        }
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_root is not null)
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public int CopyRecords() => new List<ModelVersion>(_records).Count;

    [Benchmark]
    public async Task<int> ListAllVersions()
    {
        var count = 0;
        int? after = 0;
        while (after is int afterVersion)
        {
            var page = await _registry!.ListVersionsAsync("credit", afterVersion, PageSize);
            count += page.Items.Count;
            after = page.NextAfterVersion;
        }

        return count;
    }
}
