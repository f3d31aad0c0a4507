using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.PredictionLog;

/// <summary>
/// A scorer that hands every single-input call to a prediction log, under a new <see cref="PredictionId"/> returned with the
/// prediction. It wraps the scorer rather than changing it, so scorers that do not log pay nothing for the feature.
/// </summary>
internal sealed class PredictionLoggingScorer<TInput, TOutput> : IModelScorer<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private const string PinnedArm = "pinned";
    private readonly IModelScorer<TInput, TOutput> _inner;
    private readonly IPredictionLogSink _sink;
    private readonly TimeProvider _time;
    private readonly string _arm;
    private readonly ulong _seed;
    private long _calls;

    public PredictionLoggingScorer(IModelScorer<TInput, TOutput> inner, IPredictionLogSink sink, TimeProvider time, ulong seed)
    {
        _inner = inner;
        _sink = sink;
        _time = time;
        _seed = seed;
        _arm = inner.AliasName ?? PinnedArm;
    }

    public string ModelName => _inner.ModelName;

    public string? AliasName => _inner.AliasName;

    public ScorerStatus Status => _inner.Status;

    public ScoredPrediction<TOutput> Score(TInput input) => Log(input, _inner.Score(input));

    public async ValueTask<ScoredPrediction<TOutput>> ScoreAsync(TInput input, CancellationToken cancellationToken = default) =>
        Log(input, await _inner.ScoreAsync(input, cancellationToken).ConfigureAwait(false));

    /// <summary>Batches are not logged: no id could be returned for each input.</summary>
    public ServedModel ScoreBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs) => _inner.ScoreBatch(inputs, outputs);

    public Task<ServedModel> ReloadAsync(CancellationToken cancellationToken = default) => _inner.ReloadAsync(cancellationToken);

    public ValueTask DisposeAsync() => _inner.DisposeAsync();

    private ScoredPrediction<TOutput> Log(TInput input, ScoredPrediction<TOutput> prediction)
    {
        var id = new PredictionId(prediction.Model.ModelName, null, _arm, prediction.Model.Version, NextNonce());
        _sink.TryWrite(new PredictionLogRecord(id, _time.GetUtcNow(), null, input, prediction.Value));
        return prediction with { Id = id };
    }

    /// <summary>
    /// SplitMix64 over a per-scorer seed and a call counter (Steele, Lea and Flood, "Fast splittable pseudorandom number
    /// generators", OOPSLA 2014; constants from Vigna, https://prng.di.unimi.it/splitmix64.c): lock-free, allocation-free and
    /// unique per call within a scorer, since the mix is a bijection of the counter.
    /// </summary>
    private ulong NextNonce()
    {
        var z = unchecked(_seed + (0x9E3779B97F4A7C15UL * (ulong)Interlocked.Increment(ref _calls)));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
