using System.Diagnostics;
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
/// work (scoring the challenger and recording the paired comparison) runs on another thread; since BenchmarkDotNet measures the
/// calling thread only, cleanup prints the number of shadow calls run and dropped, their scoring time, and the process's CPU
/// time over its wall time: the benchmark thread keeps one core busy in both methods, so the CPU time beyond one core in the
/// shadow method's process, less the same figure of the no-shadow process, is the shadow worker's own CPU time.
/// </summary>
[MemoryDiagnoser]
public class ShadowRoutingBenchmarks
{
    private RoutingModels? _models;
    private IRoutedScorer<BenchApplicant, BenchDecision>? _noShadow;
    private IRoutedScorer<BenchApplicant, BenchDecision>? _shadow;
    private int _next;
    private long _startedAt;
    private TimeSpan _cpuAtStart;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _startedAt = Stopwatch.GetTimestamp();
        using var process = Process.GetCurrentProcess();
        _cpuAtStart = process.TotalProcessorTime;
        _models = await RoutingModels.CreateAsync();
        _noShadow = await _models.Factory.CreateForDefinitionAsync<BenchApplicant, BenchDecision>(RoutingModels.Experiment("no-shadow").Build() with { ChallengerShareLimit = 0 });
        _shadow = await _models.Factory.CreateForDefinitionAsync<BenchApplicant, BenchDecision>(RoutingModels.Experiment("shadow").WithShadowMode(1.0).WithMetric(QualityMetricKind.Regression).Build(), d => d.Limit);
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        var wall = Stopwatch.GetElapsedTime(_startedAt);
        TimeSpan cpu;
        using (var process = Process.GetCurrentProcess())
        {
            cpu = process.TotalProcessorTime - _cpuAtStart;
        }

        var beyondOneCore = cpu - wall;
        Console.WriteLine($"// Process CPU {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s wall ({cpu / wall:F2} cores busy); beyond the benchmark thread's core: {beyondOneCore.TotalSeconds:F1} s");
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
                if (shadowArm.Calls > 0)
                {
                    Console.WriteLine($"// Shadow worker CPU per shadow call run, at most: {beyondOneCore.TotalNanoseconds / shadowArm.Calls:F0} ns (subtract the no-shadow process's CPU beyond one core, per call, for the worker's own share)");
                }
            }

            await _models.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true)]
    public BenchDecision NoShadow() => _noShadow!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark]
    public BenchDecision ShadowAtFullSampling() => _shadow!.Score(RoutingModels.Inputs[_next++ & 15]).Value;
}
