using System.Globalization;
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
    private readonly IDecisionExplainer? _explainer;
    private readonly bool _explainEvery;
    private readonly int _maxPending;
    private readonly ILogger _logger;
    private readonly HashSet<Task> _pending = [];
    private long _calls;
    private long _failed;
    private long _skipped;

    public PredictionLoggingScorer(IModelScorer<TInput, TOutput> inner, IPredictionLogSink sink, TimeProvider time, ulong seed, PredictionLogScorerOptions? options = null)
    {
        _inner = inner;
        _sink = sink;
        _time = time;
        _seed = seed;
        _arm = inner.AliasName ?? PinnedArm;
        _explainer = options?.Explainer;
        _explainEvery = options?.ExplainEveryDecision ?? false;
        _maxPending = options?.MaxPendingExplanations ?? 0;
        _logger = options?.Logger ?? NullLogger.Instance;
    }

    public string ModelName => _inner.ModelName;

    public string? AliasName => _inner.AliasName;

    public ScorerStatus Status => _inner.Status;

    public long ExplanationsFailed => Interlocked.Read(ref _failed);

    public long ExplanationsSkipped => Interlocked.Read(ref _skipped);

    public ScoredPrediction<TOutput> Score(TInput input) => Log(input, _inner.Score(input));

    public async ValueTask<ScoredPrediction<TOutput>> ScoreAsync(TInput input, CancellationToken cancellationToken = default) =>
        Log(input, await _inner.ScoreAsync(input, cancellationToken).ConfigureAwait(false));

    public async ValueTask<ExplainedPrediction<TOutput>> ScoreAndExplainAsync(TInput input, CancellationToken cancellationToken = default)
    {
        var explainer = _explainer ?? throw new InvalidOperationException(
            $"The logging scorer of model '{ModelName}' has no explainer: pass PredictionLogScorerOptions.Explainer (IDecisionExplainer from the service provider) to WithPredictionLog.");
        var prediction = await _inner.ScoreAsync(input, cancellationToken).ConfigureAwait(false);
        var id = NewId(prediction.Model);
        var timestamp = _time.GetUtcNow();
        var (explanation, unavailable) = await ExplainAsync(explainer, input, prediction.Model, Lease(prediction.Model), cancellationToken).ConfigureAwait(false);
        _sink.TryWrite(new PredictionLogRecord(id, timestamp, null, input, prediction.Value) { Explanation = explanation, ExplanationUnavailable = unavailable });
        return new ExplainedPrediction<TOutput>(prediction with { Id = id }, explanation, unavailable);
    }

    /// <summary>Batches are not logged: no id could be returned for each input.</summary>
    public ServedModel ScoreBatch(ReadOnlySpan<TInput> inputs, Span<TOutput> outputs) => _inner.ScoreBatch(inputs, outputs);

    public Task<ServedModel> ReloadAsync(CancellationToken cancellationToken = default) => _inner.ReloadAsync(cancellationToken);

    /// <summary>Waits for the explanations still running (their records are written), then disposes the scorer.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] pending;
        lock (_pending)
        {
            pending = [.. _pending];
        }

        await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    private ScoredPrediction<TOutput> Log(TInput input, ScoredPrediction<TOutput> prediction)
    {
        var id = NewId(prediction.Model);
        if (_explainEvery)
        {
            ExplainInBackground(id, input, prediction);
        }
        else
        {
            _sink.TryWrite(new PredictionLogRecord(id, _time.GetUtcNow(), null, input, prediction.Value));
        }

        return prediction with { Id = id };
    }

    private PredictionId NewId(ServedModel model) => new(model.ModelName, null, _arm, model.Version, NextNonce());

    /// <summary>
    /// Explains the decision on the thread pool and writes its record when done; beyond <see cref="PredictionLogScorerOptions.MaxPendingExplanations"/>
    /// running, writes the record at once, saying the explanation was skipped.
    /// </summary>
    private void ExplainInBackground(PredictionId id, TInput input, ScoredPrediction<TOutput> prediction)
    {
        var record = new PredictionLogRecord(id, _time.GetUtcNow(), null, input, prediction.Value);
        lock (_pending)
        {
            if (_pending.Count >= _maxPending)
            {
                Interlocked.Increment(ref _skipped);
                _sink.TryWrite(record with
                {
                    ExplanationUnavailable = string.Create(CultureInfo.InvariantCulture, $"skipped: {_maxPending} explanations were already running (PredictionLogScorerOptions.MaxPendingExplanations)"),
                });
                return;
            }

            // The lease is taken now, while the version that decided is most likely still serving.
            var lease = Lease(prediction.Model);
            var task = Task.Run(async () =>
            {
                var (explanation, unavailable) = await ExplainAsync(_explainer!, input, prediction.Model, lease, CancellationToken.None).ConfigureAwait(false);
                _sink.TryWrite(record with { Explanation = explanation, ExplanationUnavailable = unavailable });
            });
            _pending.Add(task);
            task.ContinueWith(static (done, state) =>
            {
                var self = (PredictionLoggingScorer<TInput, TOutput>)state!;
                lock (self._pending)
                {
                    self._pending.Remove(done);
                }
            }, this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>A lease on the loaded version that decided, when the wrapped scorer is the SDK's and still serves it.</summary>
    private ServingGeneration<TInput, TOutput>? Lease(ServedModel served) => (_inner as ModelScorer<TInput, TOutput>)?.TryLeaseServing(served);

    /// <summary>
    /// Explains with the leased loaded version, or else loads the version that decided (the scorer moved on, or it is not the
    /// SDK's); never throws for an explainer failure: it is counted, logged by type, and returned as the reason.
    /// </summary>
    private async Task<(DecisionExplanation? Explanation, string? Unavailable)> ExplainAsync(
        IDecisionExplainer explainer, TInput input, ServedModel served, ServingGeneration<TInput, TOutput>? lease, CancellationToken cancellationToken)
    {
        try
        {
            var json = JsonSerializer.SerializeToElement(input, input.GetType(), InputOptions);
            var explanation = lease is not null
                ? await explainer.ExplainAsync(lease.Model, json, cancellationToken).ConfigureAwait(false)
                : await explainer.ExplainVersionAsync(served.ModelName, served.Version, json, cancellationToken).ConfigureAwait(false);
            return (explanation, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An explainer failure must not fail the decision: it is counted, logged and recorded.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failed);
            LogExplanationFailed(_logger, served.ModelName, served.Version, exception.GetType().Name);
            // ExplanationUnavailableException says what the version lacks; other messages may quote an input value, so only the type is kept.
            var reason = exception is ExplanationUnavailableException unavailable
                ? unavailable.Message
                : $"the explainer failed with {exception.GetType().Name} (see the application log)";
            return (null, reason);
        }
        finally
        {
            lease?.ReleaseCounted();
        }
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

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "A decision of model '{Model}' version {Version} was logged without its explanation: the explainer failed with {Error}.")]
    private static partial void LogExplanationFailed(ILogger logger, string model, int version, string error);
}
