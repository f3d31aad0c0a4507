using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Benchmarks;

/// <summary>
/// The caller's cost of logging a plain scorer's predictions: the champion scorer as <see cref="IModelScorerFactory"/> gives it
/// (baseline: what every scorer that does not opt in costs, since <c>WithPredictionLog</c> wraps rather than changes it), and the
/// same scorer wrapped with <c>WithPredictionLog</c> over a <see cref="JsonLinesPredictionLogSink"/> (a nonce, a clock read and
/// one write to the sink's bounded queue, or a counted drop when it is full). Serializing and appending run on the sink's
/// writer thread; its counts are printed at cleanup. Two rows for explanations at decision time: the scorer wrapped with an
/// explainer but explanations off (must cost what the plain logging row costs: 0 B more), and a call explained and logged
/// (<c>ScoreAndExplainAsync</c>: the fired rules and the reason-code lookup on the caller's path).
/// </summary>
[MemoryDiagnoser]
public class PredictionLogScorerBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "modelops-bench-scorerlog-" + Guid.NewGuid().ToString("N"));
    private RoutingModels? _models;
    private IModelScorer<BenchApplicant, BenchDecision>? _plain;
    private IModelScorer<BenchApplicant, BenchDecision>? _logged;
    private IPredictionLoggingScorer<BenchApplicant, BenchDecision>? _explainable;
    private IModelScorer<BenchApplicant, BenchDecision>? _discarded;
    private IModelScorer<BenchApplicant, BenchDecision>? _discardedExplainable;
    private int _next;

    [GlobalSetup]
    public async Task GlobalSetup()
    {
        _models = await RoutingModels.CreateAsync(b => b.AddJsonLinesPredictionLog(o => o.Directory = _directory));
        _plain = await _models.ChampionAsync();
        _logged = (await _models.ChampionAsync()).WithPredictionLog(_models.Services.GetRequiredService<IPredictionLogSink>(), seed: 1);
        // Explanations configured but off for Score: the path every logged decision takes unless it asks for one.
        _explainable = (await _models.ChampionAsync()).WithPredictionLog(_models.Services.GetRequiredService<IPredictionLogSink>(),
            new PredictionLogScorerOptions { Seed = 1, Explainer = _models.Services.GetRequiredService<IDecisionExplainer>() });

        // The same two scorers over a sink that keeps nothing: MemoryDiagnoser counts every thread's allocations, so over the
        // JSON-lines sink the writer thread's serialization (and how many records it writes rather than drops) is in each figure;
        // here only the calling thread's work is, which is where explanations switched off must cost nothing.
        _discarded = (await _models.ChampionAsync()).WithPredictionLog(DiscardingSink.Instance, seed: 1);
        _discardedExplainable = (await _models.ChampionAsync()).WithPredictionLog(DiscardingSink.Instance,
            new PredictionLogScorerOptions { Seed = 1, Explainer = _models.Services.GetRequiredService<IDecisionExplainer>() });
    }

    [GlobalCleanup]
    public async Task GlobalCleanup()
    {
        if (_plain is not null)
        {
            await _plain.DisposeAsync();
        }

        if (_logged is not null)
        {
            await _logged.DisposeAsync();
        }

        if (_explainable is not null)
        {
            await _explainable.DisposeAsync();
        }

        if (_discarded is not null)
        {
            await _discarded.DisposeAsync();
        }

        if (_discardedExplainable is not null)
        {
            await _discardedExplainable.DisposeAsync();
        }

        if (_models is not null)
        {
            var sink = _models.Services.GetRequiredService<JsonLinesPredictionLogSink>();
            await sink.FlushAsync();
            Console.WriteLine($"// Prediction log: {sink.Written} records written, {sink.Dropped} dropped (queue full), {sink.Failed} failed");
            await _models.DisposeAsync();
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public BenchDecision WithoutLog() => _plain!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark]
    public BenchDecision WithPredictionLog() => _logged!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark(Description = "WithPredictionLog, explainer set, explanations off")]
    public BenchDecision WithPredictionLogExplanationsOff() => _explainable!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark(Description = "WithPredictionLog to a discarding sink")]
    public BenchDecision DiscardedLog() => _discarded!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark(Description = "WithPredictionLog to a discarding sink, explainer set, explanations off")]
    public BenchDecision DiscardedLogExplanationsOff() => _discardedExplainable!.Score(RoutingModels.Inputs[_next++ & 15]).Value;

    [Benchmark(Description = "ScoreAndExplainAsync: fired rules and reason codes on the call, logged")]
    public async Task<BenchDecision> ScoreAndExplain() => (await _explainable!.ScoreAndExplainAsync(RoutingModels.Inputs[_next++ & 15])).Prediction.Value;

    /// <summary>A prediction log that accepts every record and keeps none.</summary>
    private sealed class DiscardingSink : IPredictionLogSink
    {
        public static readonly DiscardingSink Instance = new();

        public bool TryWrite(in PredictionLogRecord record) => true;

        public ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<LoggedPrediction?> FindAsync(PredictionId id, CancellationToken cancellationToken = default) => ValueTask.FromResult<LoggedPrediction?>(null);
    }
}
