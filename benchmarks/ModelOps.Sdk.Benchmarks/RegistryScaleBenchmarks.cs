using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.FileSystem;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// What an instance that serves two models pays in a large filesystem registry (issue 18, item 1): one operation opens a new store and
/// a new registry over a journal of <see cref="Models"/> models of <see cref="VersionsPerModel"/> versions each, and resolves the
/// champion of two models. The baseline folds the whole journal (a store without <see cref="IJournalScopeReader"/>, the behaviour
/// before lazy folding); the other folds only the two models. Targets: an instance using 2 models of 1,000 x 1,000 adds at most
/// 50 MB of working set over an empty registry. The allocated column is the operation's managed allocation; the working set of the
/// process after each operation, against the same process after opening an empty registry, is printed at cleanup.
/// </summary>
/// <remarks>
/// Each operation takes seconds and builds a journal of up to a million entries in setup, so run a short job:
/// <c>--filter '*RegistryScale*'</c> (the job below: one launch, one warm-up, three iterations, one invocation each).
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class RegistryScaleBenchmarks
{
    private readonly List<string> _lines = [];
    private string _root = string.Empty;
    private string _emptyRoot = string.Empty;

    /// <summary>How many models the registry holds.</summary>
    [Params(200, 1_000)]
    public int Models { get; set; }

    /// <summary>How many versions each model has.</summary>
    [Params(500, 1_000)]
    public int VersionsPerModel { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _emptyRoot = Path.Combine(Path.GetTempPath(), "modelops-bench-scale-empty-" + Guid.NewGuid().ToString("N"));

        _root = await ScaleJournal.GetOrWriteAsync(Models, VersionsPerModel);

        using (new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = _emptyRoot }))
        {
        }
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        Directory.Delete(_emptyRoot, recursive: true);
        foreach (var line in _lines.Distinct())
        {
            Console.WriteLine("// Registry scale: " + line);
        }
    }

    [Benchmark(Baseline = true, Description = "cold open + 2 resolves, whole journal folded")]
    public Task<int> ColdOpenFoldingEverything() => OpenAndResolveAsync(lazy: false);

    [Benchmark(Description = "cold open + 2 resolves, 2 models folded")]
    public Task<int> ColdOpenFoldingTwoModels() => OpenAndResolveAsync(lazy: true);

    private async Task<int> OpenAndResolveAsync(bool lazy)
    {
        var empty = await OpenAsync(_emptyRoot, lazy, resolve: false);
        var used = await OpenAsync(_root, lazy, resolve: true);
        _lines.Add(
            $"{Models:N0} x {VersionsPerModel:N0}, {(lazy ? "2 models folded" : "whole journal folded")}: with the registry open, managed heap " +
            $"{used.ManagedHeap / (1024 * 1024):N0} MiB and working set {used.WorkingSet / (1024 * 1024):N0} MiB; with an empty registry open, " +
            $"{empty.ManagedHeap / (1024 * 1024):N0} MiB and {empty.WorkingSet / (1024 * 1024):N0} MiB (the working set of a process rarely shrinks: read it from a run of one benchmark)");
        return used.Versions;
    }

    /// <summary>Opens a store and a registry over it, resolves two champions, and measures the working set while both are open.</summary>
    private static async Task<(long WorkingSet, long ManagedHeap, int Versions)> OpenAsync(string root, bool lazy, bool resolve)
    {
        using var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root });
        var services = new ServiceCollection();
        services.AddModelOps()
            .UseMetadataStore(_ => lazy ? store : new WholeJournalView(store))
            .UseArtifactStore(_ => new InMemoryArtifactStore());
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<IModelRegistry>();
        var versions = 0;
        if (resolve)
        {
            versions += (await registry.ResolveAliasAsync(ScaleJournal.ModelName(7), "champion")).Version;
            versions += (await registry.ResolveAliasAsync(ScaleJournal.ModelName(123), "champion")).Version;
        }
        else
        {
            await registry.RefreshAsync();
        }

        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, heap, versions);
    }

    /// <summary>The store without <see cref="IJournalScopeReader"/>: a registry over it folds every scope, as before lazy folding.</summary>
    private sealed class WholeJournalView(IModelMetadataStore store) : IModelMetadataStore
    {
        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => store.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) => store.ReadAsync(afterSequence, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) => store.ReadScopeAsync(scope, cancellationToken);

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            store.AppendAsync(scope, expectedLength, entries, cancellationToken);
    }
}
