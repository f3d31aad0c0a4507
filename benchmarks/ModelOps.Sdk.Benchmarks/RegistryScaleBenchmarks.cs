using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Storage;
using ModelOps.Sdk.Storage.InMemory;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// What an instance that serves two models pays in a large registry on the filesystem or PostgreSQL (<see cref="Store"/>; issue 18,
/// item 1): one operation opens a new store and
/// a new registry over a journal of <see cref="Models"/> models of <see cref="VersionsPerModel"/> versions each, and resolves the
/// champion of two models (the timed operation; disposing both is timed apart, after the iteration). The baseline folds the whole journal (a store without <see cref="IJournalScopeReader"/>, the behaviour
/// before lazy folding); the other folds only the two models. Targets: an instance using 2 models of 1,000 x 1,000 adds at most
/// 50 MB of working set over an empty registry, and its cold open plus first resolve takes at most 200 ms. The allocated column is
/// the operation's managed allocation. After each iteration, outside the time, the open registry is disposed (which waits for the
/// background checks the open started, and is timed by itself) and memory is measured: the same open, held while the process's
/// working set is read, against the same process with an empty registry open. Both are printed at cleanup.
/// </summary>
/// <remarks>
/// Each operation takes seconds and builds a journal of up to a million entries in setup, so run a short job:
/// <c>--filter '*RegistryScale*'</c> (the job below: one launch, one warm-up, ten iterations, one invocation each).
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 10, invocationCount: 1)]
public class RegistryScaleBenchmarks
{
    private readonly List<string> _lines = [];
    private readonly List<double> _disposeMilliseconds = [];
    private ServiceProvider? _open;
    private Func<IModelMetadataStore> _seeded = null!;
    private Func<IModelMetadataStore> _empty = null!;

    /// <summary>The metadata store: the filesystem, or PostgreSQL (a seeded schema, see <see cref="PostgreSqlScaleJournal"/>).</summary>
    [ParamsAllValues]
    public ScaleStore Store { get; set; }

    /// <summary>How many models the registry holds.</summary>
    [Params(200, 1_000)]
    public int Models { get; set; }

    /// <summary>How many versions each model has.</summary>
    [Params(500, 1_000)]
    public int VersionsPerModel { get; set; }

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _seeded = await ScaleStores.SeededAsync(Store, Models, VersionsPerModel);
        _empty = await ScaleStores.EmptyAsync(Store);
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        foreach (var line in _lines.Distinct())
        {
            Console.WriteLine("// Registry scale: " + line);
        }

        if (_disposeMilliseconds.Count > 0)
        {
            _disposeMilliseconds.Sort();
            Console.WriteLine(
                $"// Registry scale: {Store}, {Models:N0} x {VersionsPerModel:N0}, disposing the opened registry and store, {_disposeMilliseconds.Count} times: median {_disposeMilliseconds[_disposeMilliseconds.Count / 2]:F1} ms, " +
                $"fastest {_disposeMilliseconds[0]:F1} ms, slowest {_disposeMilliseconds[^1]:F1} ms");
        }
    }

    [Benchmark(Baseline = true, Description = "cold open + 2 resolves, whole journal folded")]
    public Task<int> ColdOpenFoldingEverything() => OpenAndResolveAsync(lazy: false);

    [Benchmark(Description = "cold open + 2 resolves, 2 models folded")]
    public Task<int> ColdOpenFoldingTwoModels() => OpenAndResolveAsync(lazy: true);

    /// <summary>
    /// Outside the timed operation: disposes the registry and store it opened, timing that apart (disposing waits for the background
    /// checks the open started); then measures memory, so a forced full collection and an empty registry's open are not in the time:
    /// the same open again, with the registry held open while the working set is read, against an empty registry's.
    /// </summary>
    [IterationCleanup(Target = nameof(ColdOpenFoldingEverything))]
    public void CloseAndMeasureMemoryFoldingEverything() => CloseAndMeasureMemory(lazy: false);

    [IterationCleanup(Target = nameof(ColdOpenFoldingTwoModels))]
    public void CloseAndMeasureMemoryFoldingTwoModels() => CloseAndMeasureMemory(lazy: true);

    private void CloseAndMeasureMemory(bool lazy)
    {
        var disposing = Stopwatch.StartNew();
        _open?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _disposeMilliseconds.Add(disposing.Elapsed.TotalMilliseconds);
        _open = null;

        var empty = OpenAsync(_empty, lazy, resolve: false).GetAwaiter().GetResult();
        var used = OpenAsync(_seeded, lazy, resolve: true).GetAwaiter().GetResult();
        _lines.Add(
            $"{Store}, {Models:N0} x {VersionsPerModel:N0}, {(lazy ? "2 models folded" : "whole journal folded")}: with the registry open, managed heap " +
            $"{used.ManagedHeap / (1024 * 1024):N0} MiB and working set {used.WorkingSet / (1024 * 1024):N0} MiB; with an empty registry open, " +
            $"{empty.ManagedHeap / (1024 * 1024):N0} MiB and {empty.WorkingSet / (1024 * 1024):N0} MiB (the working set of a process rarely shrinks: read it from a run of one benchmark)");
    }

    /// <summary>The timed operation: a new store and registry, two champions resolved; both are left open for the iteration's cleanup.</summary>
    private async Task<int> OpenAndResolveAsync(bool lazy)
    {
        var provider = _open = Build(_seeded, lazy);
        var registry = provider.GetRequiredService<IModelRegistry>();
        return (await registry.ResolveAliasAsync(ScaleJournal.ModelName(7), "champion")).Version
            + (await registry.ResolveAliasAsync(ScaleJournal.ModelName(123), "champion")).Version;
    }

    /// <summary>A registry over a new store; the container disposes the store with itself.</summary>
    private static ServiceProvider Build(Func<IModelMetadataStore> open, bool lazy)
    {
        var services = new ServiceCollection();
        services.AddModelOps()
            .UseMetadataStore(_ => lazy ? open() : new WholeJournalView(open()))
            .UseArtifactStore(_ => new InMemoryArtifactStore());
        return services.BuildServiceProvider();
    }

    /// <summary>Opens a store and a registry over it, resolves two champions, and measures the working set while both are open.</summary>
    private static async Task<(long WorkingSet, long ManagedHeap, int Versions)> OpenAsync(Func<IModelMetadataStore> open, bool lazy, bool resolve)
    {
        await using var provider = Build(open, lazy);
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

    /// <summary>
    /// The store without <see cref="IJournalScopeReader"/> (nor its other capabilities): a registry over it folds every scope, as
    /// before lazy folding. Disposing it disposes the store.
    /// </summary>
    private sealed class WholeJournalView(IModelMetadataStore store) : IModelMetadataStore, IDisposable
    {
        public void Dispose() => (store as IDisposable)?.Dispose();

        public ValueTask<long> GetLastSequenceAsync(CancellationToken cancellationToken = default) => store.GetLastSequenceAsync(cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadAsync(long afterSequence, CancellationToken cancellationToken = default) => store.ReadAsync(afterSequence, cancellationToken);

        public IAsyncEnumerable<JournalEntry> ReadScopeAsync(string scope, CancellationToken cancellationToken = default) => store.ReadScopeAsync(scope, cancellationToken);

        public ValueTask<JournalAppendResult> AppendAsync(string scope, long expectedLength, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
            store.AppendAsync(scope, expectedLength, entries, cancellationToken);
    }
}
