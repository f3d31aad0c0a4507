using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Alias resolution, the hot path of a service that scores requests with the current champion.
/// Target: under 1 µs and no allocation, served from the in-memory replica.
/// </summary>
[MemoryDiagnoser]
public class ResolveAliasBenchmarks
{
    private readonly Dictionary<string, int> _aliases = new(StringComparer.Ordinal) { ["champion"] = 1 };
    private string _root = string.Empty;
    private ServiceProvider? _services;
    private IModelRegistry? _registry;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        // The filesystem store, as in production: resolution must not touch it.
        _root = Path.Combine(Path.GetTempPath(), "modelops-bench-resolve-" + Guid.NewGuid().ToString("N"));
        var services = new ServiceCollection();
        services.AddModelOps().UseFileSystem(_root);
        _services = services.BuildServiceProvider();
        _registry = _services.GetRequiredService<IModelRegistry>();

        using var artifact = new MemoryStream("credit model"u8.ToArray(), writable: false);
        var version = await _registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "onnx", Artifact = artifact });
        await _registry.SetAliasAsync("credit", "champion", version.Version, reason: "benchmark");
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public int DictionaryLookup() => _aliases["champion"];

    [Benchmark]
    public ModelAlias ResolveAlias()
    {
        var pending = _registry!.ResolveAliasAsync("credit", "champion");

        // The replica answers synchronously; a ValueTask that is not complete yet must be awaited once, through a Task.
        return pending.IsCompletedSuccessfully ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
    }
}
