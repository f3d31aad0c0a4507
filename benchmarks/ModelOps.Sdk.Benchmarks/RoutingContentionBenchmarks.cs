using BenchmarkDotNet.Attributes;
using ModelOps.Sdk.Routing;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The routing decision when every core scores through the same routed scorer at once: two threads (this machine's cores) each
/// make <see cref="CallsPerThread"/> routed calls of a 90/10 experiment, against the same threads calling the champion's scorer
/// directly. What the single-threaded <see cref="RoutingBenchmarks"/> cannot show is the cost of state the threads share on the
/// call path (a call counter every call increments would bounce its cache line between the cores); time per call is the
/// wall time of both threads' calls divided by all calls.
/// </summary>
[MemoryDiagnoser]
public class RoutingContentionBenchmarks
{
    private const int CallsPerThread = 500_000;
    private const int Threads = 2;

    private RoutingModels? _models;
    private IModelScorer<BenchApplicant, BenchDecision>? _champion;
    private IRoutedScorer<BenchApplicant, BenchDecision>? _perCall;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _models = await RoutingModels.CreateAsync();
        _champion = await _models.ChampionAsync();
        _perCall = await _models.Factory.CreateForDefinitionAsync<BenchApplicant, BenchDecision>(RoutingModels.Experiment("contention").Build());
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_perCall is not null)
        {
            await _perCall.DisposeAsync();
        }

        if (_champion is not null)
        {
            await _champion.DisposeAsync();
        }

        if (_models is not null)
        {
            await _models.DisposeAsync();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CallsPerThread * Threads)]
    public void ChampionDirectOnAllCores() => OnAllCores(static (self, input) => self._champion!.Score(input).Value);

    [Benchmark(OperationsPerInvoke = CallsPerThread * Threads)]
    public void RoutedPerCallOnAllCores() => OnAllCores(static (self, input) => self._perCall!.Score(input).Value);

    private void OnAllCores(Func<RoutingContentionBenchmarks, BenchApplicant, BenchDecision> call)
    {
        var threads = new Thread[Threads];
        for (var t = 0; t < Threads; t++)
        {
            threads[t] = new Thread(() =>
            {
                var inputs = RoutingModels.Inputs;
                for (var i = 0; i < CallsPerThread; i++)
                {
                    call(this, inputs[i & 15]);
                }
            });
            threads[t].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }
    }
}
