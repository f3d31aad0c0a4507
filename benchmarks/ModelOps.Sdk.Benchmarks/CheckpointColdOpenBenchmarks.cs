using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Cold open of one model with <see cref="Versions"/> versions on the filesystem store, signed with an audit key (issue 18, item 2):
/// one operation opens a new store and registry and resolves the model's champion. The baseline folds the model's whole journal
/// scope; the other starts from the model's signed checkpoint and folds the entries after it (none here). Measured up to the first
/// resolve: the background check of the checkpoint's entries runs after it and is awaited in the iteration's cleanup, off the
/// measurement.
/// </summary>
/// <remarks>Run with <c>--filter '*CheckpointColdOpen*'</c>; each operation is one cold open, so each iteration has one invocation.</remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.ColdStart, launchCount: 1, warmupCount: 2, iterationCount: 15, invocationCount: 1)]
public class CheckpointColdOpenBenchmarks
{
    private const string Model = "credit";
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray());
    private string _withCheckpoint = string.Empty;
    private string _withoutCheckpoint = string.Empty;
    private ServiceProvider? _open;
    private FileSystemMetadataStore? _store;

    /// <summary>How many versions the model has.</summary>
    [Params(1_000)]
    public int Versions { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _withCheckpoint = Path.Combine(Path.GetTempPath(), "modelops-bench-checkpoint-" + Guid.NewGuid().ToString("N"));
        _withoutCheckpoint = Path.Combine(Path.GetTempPath(), "modelops-bench-full-fold-" + Guid.NewGuid().ToString("N"));

        // The model's history, signed, written by the real registry in memory and then moved into both filesystem stores in one append.
        var entries = new List<JournalEntry>();
        var services = new ServiceCollection();
        services.AddModelOps(o => o.AuditSigningKey = Key).UseInMemory();
        await using (var provider = services.BuildServiceProvider())
        {
            var registry = provider.GetRequiredService<IModelRegistry>();
            for (var v = 0; v < Versions; v++)
            {
                await registry.RegisterAsync(new ModelVersionRegistration { ModelName = Model, Flavor = "onnx", Artifact = new MemoryStream([1, 2, 3, 4]) });
            }

            await registry.SetAliasAsync(Model, "champion", Versions, reason: "seed");
            await foreach (var entry in provider.GetRequiredService<IModelMetadataStore>().ReadScopeAsync(Model))
            {
                entries.Add(entry with { Sequence = 0 });
            }
        }

        foreach (var root in new[] { _withCheckpoint, _withoutCheckpoint })
        {
            using var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root });
            if (!(await store.AppendAsync(Model, 0, entries)).IsCommitted)
            {
                throw new InvalidOperationException($"Writing '{Model}' conflicted.");
            }
        }

        // One instance folds the model and writes its checkpoint, which its disposal waits for.
        var (writer, writerStore) = Open(_withCheckpoint, checkpointEvery: 1);
        await writer.GetRequiredService<IModelRegistry>().ResolveAliasAsync(Model, "champion");
        await writer.DisposeAsync();
        writerStore.Dispose();
        if (!Directory.Exists(Path.Combine(_withCheckpoint, "checkpoints")))
        {
            throw new InvalidOperationException("No checkpoint was written.");
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        Directory.Delete(_withCheckpoint, recursive: true);
        Directory.Delete(_withoutCheckpoint, recursive: true);
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _open?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store?.Dispose();
        _open = null;
        _store = null;
    }

    [Benchmark(Baseline = true, Description = "cold open + resolve, whole scope folded")]
    public Task<int> ColdOpenFullFold() => OpenAndResolveAsync(_withoutCheckpoint);

    [Benchmark(Description = "cold open + resolve, from the signed checkpoint")]
    public Task<int> ColdOpenFromCheckpoint() => OpenAndResolveAsync(_withCheckpoint);

    private async Task<int> OpenAndResolveAsync(string root)
    {
        (_open, _store) = Open(root, checkpointEvery: 1_000_000);
        return (await _open.GetRequiredService<IModelRegistry>().ResolveAliasAsync(Model, "champion")).Version;
    }

    private static (ServiceProvider Provider, FileSystemMetadataStore Store) Open(string root, int checkpointEvery)
    {
        var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root });
        var services = new ServiceCollection();
        services.AddModelOps(o =>
            {
                o.AuditSigningKey = Key;
                o.CheckpointEvery = checkpointEvery;
            })
            .UseMetadataStore(_ => store)
            .UseArtifactStore(_ => new InMemoryArtifactStore());
        return (services.BuildServiceProvider(), store);
    }
}
