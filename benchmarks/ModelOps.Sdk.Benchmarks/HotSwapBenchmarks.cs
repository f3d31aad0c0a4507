using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.MLNet;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// Time from an alias move to the new version serving, for a small ML.NET model on the in-memory store: the alias is moved and
/// the benchmark waits until the scorer reports the new version. Baseline: loading the same version by hand (the flavor loads the
/// artifact, a predictor is created, one prediction is made), which is the floor any hot swap pays.
/// </summary>
[MemoryDiagnoser]
public class HotSwapBenchmarks
{
    private ServiceProvider _services = null!;
    private IModelRegistry _registry = null!;
    private IModelScorer<MLNetScorerBenchmarks.CreditRow, MLNetScorerBenchmarks.CreditPrediction> _scorer = null!;
    private ModelArtifact _artifact = null!;
    private MLNetScorerBenchmarks.CreditRow _input = null!;
    private int _next = 2;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddModelOps().UseInMemory().AddMLNet();
        _services = services.BuildServiceProvider();
        _registry = _services.GetRequiredService<IModelRegistry>();
        var rows = CreditModels.Rows(seed: 11);
        _input = rows[0];
        foreach (var iterations in new[] { 10, 20 })
        {
            using var zip = new MemoryStream(CreditModels.TrainZip(rows, iterations));
            _registry.RegisterAsync(new ModelVersionRegistration { ModelName = "credit", Flavor = "mlnet", Artifact = zip }).GetAwaiter().GetResult();
        }

        _registry.SetAliasAsync("credit", "champion", 1).GetAwaiter().GetResult();
        var factory = _services.GetRequiredService<IModelScorerFactory>();
        _scorer = factory.CreateScorerAsync<MLNetScorerBenchmarks.CreditRow, MLNetScorerBenchmarks.CreditPrediction>("credit", "champion").GetAwaiter().GetResult();
        var version = _registry.GetVersionAsync("credit", 2).AsTask().GetAwaiter().GetResult();
        using var stream = _registry.OpenArtifactAsync("credit", 2).GetAwaiter().GetResult();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        _artifact = new ModelArtifact("credit", "mlnet", version.Artifact.Sha256, bytes.ToArray(), version: version);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scorer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "load by hand: flavor load, predictor, one prediction")]
    public async Task<MLNetScorerBenchmarks.CreditPrediction> LoadByHand()
    {
        var loaded = await new MLNetFlavor().LoadAsync(_artifact);
        await using (loaded)
        {
            return loaded.CreatePredictor<MLNetScorerBenchmarks.CreditRow, MLNetScorerBenchmarks.CreditPrediction>().Predict(_input);
        }
    }

    [Benchmark(Description = "alias move until the scorer serves the new version")]
    public async Task<int> AliasMoveToServing()
    {
        var target = _next;
        _next = 3 - _next;
        await _registry.SetAliasAsync("credit", "champion", target);
        var spin = default(SpinWait);
        while (_scorer.Status.Serving?.Version != target)
        {
            spin.SpinOnce();
        }

        return target;
    }
}
