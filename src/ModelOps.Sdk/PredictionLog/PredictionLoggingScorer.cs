using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.PredictionLog;

/// <summary>
/// A scorer that hands every single-input call to a prediction log, under a new <see cref="PredictionId"/> returned with the
/// prediction, and explains the decisions it is asked to. It wraps the scorer rather than changing it, so scorers that do not log
/// pay nothing for the feature, and a logging scorer that does not explain pays one flag test for it.
/// </summary>
internal sealed partial class PredictionLoggingScorer<TInput, TOutput> : IPredictionLoggingScorer<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private const string PinnedArm = "pinned";

    /// <summary>The input as JSON scoring reads it: what the JSON-lines log writes (web defaults, enums as strings).</summary>
    private static readonly JsonSerializerOptions InputOptions = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly IModelScorer<TInput, TOutput> _inner;
    private readonly IPredictionLogSink _sink;
    private readonly TimeProvider _time;
    private readonly string _arm;
    private readonly ulong _seed;
    private readonly PredictionExplanationWriter? _explanations;
    private readonly bool _explainEvery;
    private long _calls;

    public PredictionLoggingScorer(IModelScorer<TInput, TOutput> inner, IPredictionLogSink sink, TimeProvider time, ulong seed, PredictionLogScorerOptions? options = null)
    {
        _inner = inner;
        _sink = sink;
        _time = time;
        _seed = seed;
        _arm = inner.AliasName ?? PinnedArm;
        if (options?.Explainer is { } explainer)
        {
            var logger = options.Logger ?? NullLogger.Instance;
            _explanations = new PredictionExplanationWriter(explainer, sink, options.MaxPendingExplanations, "PredictionLogScorerOptions.MaxPendingExplanations",
                static input => JsonSerializer.SerializeToElement(input, input.GetType(), InputOptions),
                (served, exception) => LogExplanationFailed(logger, served.ModelName, served.Version, exception.GetType().Name));
            _explainEvery = options.ExplainEveryDecision;
        }
    }

    public string ModelName => _inner.ModelName;

    public string? AliasName => _inner.AliasName;

    public ScorerStatus Status => _inner.Status;

    public long ExplanationsFailed => _explanations?.Failed ?? 0;

    public long ExplanationsSkipped => _explanations?.Skipped ?? 0;

    public ScoredPrediction<TOutput> Score(TInput input) => Log(input, _inner.Score(input));

    public async ValueTask<ScoredPrediction<TOutput>> ScoreAsync(TInput input, CancellationToken cancellationToken = default) =>
        Log(input, await _inner.ScoreAsync(input, cancellationToken).ConfigureAwait(false));

    public async ValueTask<ExplainedPrediction<TOutput>> ScoreAndExplainAsync(TInput input, CancellationToken cancellationToken = default)
    {
        var explanations = _explanations ?? throw new InvalidOperationException(
            $"The logging scorer of model '{ModelName}' has no explainer: pass PredictionLogScorerOptions.Explainer (IDecisionExplainer from the service provider) to WithPredictionLog.");
        var prediction = await _inner.ScoreAsync(input, cancellationToken).ConfigureAwait(false);
        var id = NewId(prediction.Model);
        var timestamp = _time.GetUtcNow();
        var (explanation, unavailable) = await explanations.ExplainAsync(input, prediction.Model, Lease(prediction.Model), cancellationToken).ConfigureAwait(false);
        _sink.TryWrite(new PredictionLogRecord(id, timestamp, null, input, prediction.Value) { Explanation = explanation, ExplanationUnavailable = unavailable });
        return new ExplainedPrediction<TOutput>(prediction with { Id = id }, explanation, unavailable);
    }

    /// <summary>Batches are not logged: no id could be returned for each input.</summary>
    public ServedModel ScoreBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs) => _inner.ScoreBatch(inputs, outputs);

    public Task<ServedModel> ReloadAsync(CancellationToken cancellationToken = default) => _inner.ReloadAsync(cancellationToken);

    /// <summary>Waits for the explanations still running (their records are written), then disposes the scorer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_explanations is { } explanations)
        {
            await explanations.DrainAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    private ScoredPrediction<TOutput> Log(TInput input, ScoredPrediction<TOutput> prediction)
    {
        var id = NewId(prediction.Model);
        var record = new PredictionLogRecord(id, _time.GetUtcNow(), null, input, prediction.Value);
        if (_explainEvery)
        {
            _explanations!.WriteInBackground(record, prediction.Model, _inner as IServingLeaseSource);
        }
        else
        {
            _sink.TryWrite(record);
        }

        return prediction with { Id = id };
    }

    private PredictionId NewId(ServedModel model) => new(model.ModelName, null, _arm, model.Version, NextNonce());

    /// <summary>A lease on the loaded version that decided, when the wrapped scorer can lend it and still serves it.</summary>
    private IServingLease? Lease(ServedModel served) => (_inner as IServingLeaseSource)?.TryLeaseServing(served);

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

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "A decision of model '{Model}' version {Version} was logged without its explanation: the explainer failed with {Error}.")]
    private static partial void LogExplanationFailed(ILogger logger, string model, int version, string error);
}
