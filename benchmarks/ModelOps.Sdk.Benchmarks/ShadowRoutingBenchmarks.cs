using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Routing.Statistics;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The champion path's cost of a shadow at 100% sampling (the hand-off to the bounded shadow queue, or the counted drop when the
/// queue is full) against the same routed scorer with no challenger traffic and no shadow (a split whose challenger share is
/// capped at 0, so the call still records statistics and creates an id). Target: at most 100 ns added. The shadow worker's own
/// work (scoring the challenger and recording the paired comparison) runs on another thread; its per-call time and the
/// number of shadow calls run and dropped are printed at cleanup, since BenchmarkDotNet measures the calling thread only.
/// </summary>
[MemoryDiagnoser]
public class ShadowRoutingBenchmarks
{
    private RoutingModels? _models;
    private IRoutedScorer<BenchApplicant, BenchDecision>? _noShadow;
    private IRoutedScorer<BenchApplicant, BenchDecision>? _shadow;
    private int _next;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _models = await RoutingModels.CreateAsync();
        _noShadow = await _models.Factory.CreateForDefinitionAsync<BenchApplicant, BenchDecision>(RoutingModels.Experiment("no-shadow").Build() with { ChallengerShareLimit = 0 });
        _shadow = await _models.Factory.CreateForDefinitionAsync<BenchApplicant, BenchDecision>(RoutingModels.Experiment("shadow").WithShadowMode(1.0).WithMetric(QualityMetricKind.Regression).Build(), d => d.Limit);
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        var dropped = _shadow?.ShadowCallsDropped ?? 0;
        if (_shadow is not null)
        {
            await _shadow.DisposeAsync();
        }

        if (_noShadow is not null)
        {
            await _noShadow.DisposeAsync();
        }

        if (_models is not null)
        {
            var shadowArm = _models.Services.GetRequiredService<ExperimentRecorders>().Snapshot(RoutingModels.Model, "shadow").FindArm("challenger");
            if (shadowArm is not null)
            {
                Console.WriteLine($"// Shadow worker: {shadowArm.Calls} shadow calls run, {dropped} dropped (queue full); scoring time per shadow call p50 {shadowArm.Latency.P50.TotalNanoseconds:F0} ns, p99 {shadowArm.Latency.P99.TotalNanoseconds:F0} ns; paired comparisons {shadowArm.Shadow?.Pairs}");
            }

            await _models.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true)]
    public BenchDecision NoShadow() => _noShadow!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark]
    public BenchDecision ShadowAtFullSampling() => _shadow!.Score(RoutingModels.Inputs[_next++ & 15]).Value;
}
