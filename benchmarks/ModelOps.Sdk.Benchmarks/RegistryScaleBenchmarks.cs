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
/// champion of two models, then disposes both (the timed operation). The baseline folds the whole journal (a store without <see cref="IJournalScopeReader"/>, the behaviour
/// before lazy folding); the other folds only the two models. Targets: an instance using 2 models of 1,000 x 1,000 adds at most
/// 50 MB of working set over an empty registry, and its cold open plus first resolve takes at most 200 ms. The allocated column is
/// the operation's managed allocation. Memory is measured after each iteration, outside the time: the same open, held while the
/// process's working set is read, against the same process with an empty registry open; it is printed at cleanup.
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
    public Task<int> ColdOpenFoldingEverything() => OpenAndResolveAsync(_root, lazy: false);

    [Benchmark(Description = "cold open + 2 resolves, 2 models folded")]
    public Task<int> ColdOpenFoldingTwoModels() => OpenAndResolveAsync(_root, lazy: true);

    /// <summary>
    /// Measures memory outside the timed operation, so a forced full collection and an empty registry's open are not in the time:
    /// the same open again, with the registry held open while the working set is read, against an empty registry's.
    /// </summary>
    [IterationCleanup(Target = nameof(ColdOpenFoldingEverything))]
    public void MeasureMemoryFoldingEverything() => MeasureMemory(lazy: false);

    [IterationCleanup(Target = nameof(ColdOpenFoldingTwoModels))]
    public void MeasureMemoryFoldingTwoModels() => MeasureMemory(lazy: true);

    private void MeasureMemory(bool lazy)
    {
        var empty = OpenAsync(_emptyRoot, lazy, resolve: false).GetAwaiter().GetResult();
        var used = OpenAsync(_root, lazy, resolve: true).GetAwaiter().GetResult();
        _lines.Add(
            $"{Models:N0} x {VersionsPerModel:N0}, {(lazy ? "2 models folded" : "whole journal folded")}: with the registry open, managed heap " +
            $"{used.ManagedHeap / (1024 * 1024):N0} MiB and working set {used.WorkingSet / (1024 * 1024):N0} MiB; with an empty registry open, " +
            $"{empty.ManagedHeap / (1024 * 1024):N0} MiB and {empty.WorkingSet / (1024 * 1024):N0} MiB (the working set of a process rarely shrinks: read it from a run of one benchmark)");
    }

    /// <summary>The timed operation: a new store and registry, two champions resolved, both disposed.</summary>
    private static async Task<int> OpenAndResolveAsync(string root, bool lazy)
    {
        using var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root });
        await using var provider = Build(store, lazy);
        var registry = provider.GetRequiredService<IModelRegistry>();
        return (await registry.ResolveAliasAsync(ScaleJournal.ModelName(7), "champion")).Version
            + (await registry.ResolveAliasAsync(ScaleJournal.ModelName(123), "champion")).Version;
    }

    private static ServiceProvider Build(FileSystemMetadataStore store, bool lazy)
    {
        var services = new ServiceCollection();
        services.AddModelOps()
            .UseMetadataStore(_ => lazy ? store : new WholeJournalView(store))
            .UseArtifactStore(_ => new InMemoryArtifactStore());
        return services.BuildServiceProvider();
    }

    /// <summary>Opens a store and a registry over it, resolves two champions, and measures the working set while both are open.</summary>
    private static async Task<(long WorkingSet, long ManagedHeap, int Versions)> OpenAsync(string root, bool lazy, bool resolve)
    {
        using var store = new FileSystemMetadataStore(new FileSystemStorageOptions { RootPath = root });
        await using var provider = Build(store, lazy);
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
