using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Predictions;
using ModelOps.Sdk.Routing.Assignment;
using ModelOps.Sdk.Routing.Control;
using ModelOps.Sdk.Routing.Experiments;
using ModelOps.Sdk.Routing.PredictionLog;
using ModelOps.Sdk.Routing.Predictions;
using ModelOps.Sdk.Routing.Shadow;
using ModelOps.Sdk.Routing.Telemetry;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Routing;

/// <summary>
/// The routed scorer: one immutable <see cref="RoutingState{TInput, TOutput}"/> read per call, swapped whole when the definition
/// changes; arms keep their <see cref="IModelScorer{TInput, TOutput}"/> across revisions that leave them unchanged.
/// </summary>
internal sealed partial class RoutedScorer<TInput, TOutput> : IRoutedScorer<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly IModelScorerFactory _scorers;
    private readonly ExperimentStore? _store;
    private readonly ExperimentRecorders _recorders;
    private readonly RoutingTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly RoutingRandom _random;
    private readonly ulong _latencySamplingMask;
    private readonly ShadowDispatcher<TInput, TOutput> _shadow;
    private readonly Func<TOutput, double>? _outputScore;
    private readonly IPredictionLogSink? _predictionLog;
    private readonly PredictionExplanationWriter? _explanations;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _applyGate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private ITimer? _refreshTimer;
    private volatile RoutingState<TInput, TOutput> _state = null!;
    private int _disposed;

    private RoutedScorer(
        IModelScorerFactory scorers,
        ExperimentStore? store,
        ExperimentRecorders recorders,
        RoutingTelemetry telemetry,
        TimeProvider time,
        RoutingOptions options,
        Func<TOutput, double>? outputScore,
        IPredictionLogSink? predictionLog,
        IDecisionExplainer? explainer,
        ILogger logger)
    {
        _outputScore = outputScore;
        _predictionLog = predictionLog;
        if (predictionLog is not null && explainer is not null)
        {
            _explanations = new PredictionExplanationWriter(explainer, predictionLog, options.MaxPendingExplanations, "RoutingOptions.MaxPendingExplanations",
                static input => JsonSerializer.SerializeToElement(input, input.GetType(), JsonLinesPredictionLogSink.InputOptions),
                (served, exception) => LogExplanationFailed(logger, served.ModelName, served.Version, exception.GetType().Name));
        }

        _scorers = scorers;
        _store = store;
        _recorders = recorders;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _random = new RoutingRandom(options.Seed);
        _latencySamplingMask = (ulong)options.LatencySamplingInterval - 1;
        _shadow = new ShadowDispatcher<TInput, TOutput>(options.ShadowQueueCapacity, options.ShadowConcurrency, time, outputScore, logger);
    }

    public string ModelName => _state.Definition.ModelName;

    public ExperimentDefinition Definition => _state.Definition;

    public long ShadowCallsDropped => _shadow.Dropped;

    public long ExplanationsFailed => _explanations?.Failed ?? 0;

    public long ExplanationsSkipped => _explanations?.Skipped ?? 0;

    /// <summary>How many shadow calls have run; lets tests wait for the shadow worker without sleeping.</summary>
    internal long ShadowCallsCompleted => _shadow.Completed;

    /// <summary>Creates a routed scorer, loads every arm and, when a store is given, follows the stored definition.</summary>
    public static async Task<RoutedScorer<TInput, TOutput>> CreateAsync(
        ExperimentDefinition definition,
        IModelScorerFactory scorers,
        ExperimentStore? store,
        ExperimentRecorders recorders,
        RoutingTelemetry telemetry,
        TimeProvider time,
        RoutingOptions options,
        Func<TOutput, double>? outputScore,
        IPredictionLogSink? predictionLog,
        IDecisionExplainer? explainer,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var scorer = new RoutedScorer<TInput, TOutput>(scorers, store, recorders, telemetry, time, options, outputScore, predictionLog, explainer, logger);
        try
        {
            await scorer.ApplyAsync(definition, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await scorer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (store is not null)
        {
            store.DefinitionSaved += scorer.OnDefinitionSaved;
            scorer._refreshTimer = time.CreateTimer(static s => ((RoutedScorer<TInput, TOutput>)s!).RefreshInBackground(), scorer, options.DefinitionRefreshInterval, options.DefinitionRefreshInterval);
        }

        return scorer;
    }

    public RoutedPrediction<TOutput> Score(TInput input, string? entityKey = null)
    {
        var state = _state;
        // One draw per call: its top 53 bits are the per-call assignment point, its low bits decide whether the champion call is
        // timed, and all 64 bits are the prediction id's nonce.
        var nonce = _random.NextUInt64();
        var enrolled = state.Enrolls && (state.Targeting is null || state.Targeting(input));
        var armIndex = 0;
        if (enrolled && state.Split)
        {
            var point = state.Sticky && entityKey is not null ? state.Assigner.PointOfSticky(entityKey) : StickyHash.ToUnitInterval(nonce);
            armIndex = state.Assigner.AssignPoint(point);
        }

        var challengerFailed = false;
        if (armIndex != 0)
        {
            // Challenger calls are always timed: their timeout depends on it.
            var slot = state.Slots[armIndex];
            var start = _time.GetTimestamp();
            try
            {
                var result = slot.Scorer.Score(input);
                var elapsed = _time.GetElapsedTime(start);
                var serving = slot.ServingFor(result.Model);
                if (elapsed <= state.Timeout)
                {
                    serving.RecordCall(elapsed, failed: false, shadow: false, enrolled: true);
                    var challengerAnswer = Answer(state, serving, slot.Name, result.Value, enrolled: true, challengerFailed: false, nonce);
                    if (_predictionLog is not null)
                    {
                        LogPrediction(input, challengerAnswer, slot.Scorer);
                    }

                    return challengerAnswer;
                }

                serving.RecordCall(elapsed, failed: true, shadow: false, enrolled: true);
            }
#pragma warning disable CA1031 // Whatever a challenger throws, the champion answers and the failure counts against the challenger.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                slot.ServingNow()?.RecordCall(_time.GetElapsedTime(start), failed: true, shadow: false, enrolled: true);
                LogChallengerFailed(_logger, exception, state.ExperimentName, slot.Name);
            }

            // The call was counted for the challenger it was assigned to; the champion's fallback answer is not enrolled, so
            // neither the champion's call count (sample ratio) nor its outcomes see a call assigned elsewhere.
            challengerFailed = true;
            enrolled = false;
        }

        // Champion calls are timed one in LatencySamplingInterval (reading the clock twice costs more than routing on some
        // virtual machines); the latency distribution is a uniform sample, counts stay exact.
        var champion = state.Slots[0];
        var timed = (nonce & _latencySamplingMask) == 0;
        var championStart = timed ? _time.GetTimestamp() : 0;
        ScoredPrediction<TOutput> answer;
        try
        {
            answer = champion.Scorer.Score(input);
        }
        catch
        {
            // An untimed call has no start: it counts as a failure without a latency, like a successful untimed call.
            var serving = champion.ServingNow();
            if (timed)
            {
                serving?.RecordCall(_time.GetElapsedTime(championStart), failed: true, shadow: false, enrolled: enrolled);
            }
            else
            {
                serving?.RecordUntimedCall(failed: true, shadow: false, enrolled: enrolled);
            }

            throw;
        }

        var championServing = champion.ServingFor(answer.Model);
        if (timed)
        {
            championServing.RecordCall(_time.GetElapsedTime(championStart), failed: false, shadow: false, enrolled: enrolled);
        }
        else
        {
            championServing.RecordUntimedCall(failed: false, shadow: false, enrolled: enrolled);
        }

        var routed = Answer(state, championServing, champion.Name, answer.Value, enrolled, challengerFailed, nonce);
        if (_predictionLog is not null)
        {
            LogPrediction(input, routed, champion.Scorer);
        }

        if (enrolled && state.Shadow && (state.SamplingRate >= 1.0 || _random.NextDouble() < state.SamplingRate)
            && !_shadow.TryEnqueue(new ShadowCall<TInput, TOutput>(state, input, answer.Value)))
        {
            championServing.RecordShadowDrop();
        }

        return routed;
    }

    public ValueTask<RoutedPrediction<TOutput>> ScoreAsync(TInput input, string? entityKey = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<RoutedPrediction<TOutput>>(Score(input, entityKey));
    }

    public async Task<ExperimentDefinition> RefreshAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var current = _state.Definition;
        if (_store is null)
        {
            return current;
        }

        var stored = await _store.LoadAsync(current.ModelName, current.Name, cancellationToken).ConfigureAwait(false);
        if (stored is not null && !ExperimentStore.SameContent(stored, current))
        {
            await ApplyAsync(stored, cancellationToken).ConfigureAwait(false);
        }

        return _state.Definition;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_store is not null)
        {
            _store.DefinitionSaved -= OnDefinitionSaved;
        }

        if (_refreshTimer is not null)
        {
            await _refreshTimer.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _shadow.DisposeAsync().ConfigureAwait(false);
        if (_explanations is { } explanations)
        {
            // Their records are written before the arms' scorers go.
            await explanations.DrainAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _applyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_state is { } state)
            {
                foreach (var slot in state.Slots)
                {
                    await slot.Scorer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _applyGate.Release();
        }

        _random.Dispose();
        _stop.Dispose();
    }

    /// <summary>Switches to a definition revision: loads new arms first, swaps the state, then releases arms no longer used.</summary>
    internal async Task ApplyAsync(ExperimentDefinition definition, CancellationToken cancellationToken)
    {
        definition.Validate();
        var targeting = TargetingCompiler.Compile<TInput>(definition);
        await _applyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var old = _state;
            var arms = new ArmDefinition[definition.Challengers.Count + 1];
            arms[0] = definition.Champion;
            for (var i = 0; i < definition.Challengers.Count; i++)
            {
                arms[i + 1] = definition.Challengers[i];
            }

            var slots = new ArmSlot<TInput, TOutput>[arms.Length];
            var created = new List<IModelScorer<TInput, TOutput>>();
            try
            {
                for (var i = 0; i < arms.Length; i++)
                {
                    var reused = old?.Slots.FirstOrDefault(s => s.Serves(definition, arms[i]));
                    if (reused is not null)
                    {
                        slots[i] = reused;
                        continue;
                    }

                    var scorer = arms[i].Alias is { } alias
                        ? await _scorers.CreateScorerAsync<TInput, TOutput>(definition.ModelName, alias, cancellationToken).ConfigureAwait(false)
                        : await _scorers.CreatePinnedScorerAsync<TInput, TOutput>(definition.ModelName, arms[i].Version!.Value, cancellationToken).ConfigureAwait(false);
                    created.Add(scorer);
                    slots[i] = new ArmSlot<TInput, TOutput>(definition, arms[i], scorer, _recorders, _telemetry);
                }
            }
            catch
            {
                foreach (var scorer in created)
                {
                    await scorer.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }

            _state = new RoutingState<TInput, TOutput>(definition, slots, targeting);
            if (old is not null)
            {
                foreach (var slot in old.Slots)
                {
                    if (Array.IndexOf(slots, slot) < 0)
                    {
                        await slot.Scorer.DisposeAsync().ConfigureAwait(false);
                    }
                }

                LogDefinitionApplied(_logger, definition.Name, definition.ModelName, definition.Status, definition.RampStep);
            }
        }
        finally
        {
            _applyGate.Release();
        }
    }

    private static RoutedPrediction<TOutput> Answer(RoutingState<TInput, TOutput> state, ArmServing serving, string arm, TOutput value, bool enrolled, bool challengerFailed, ulong nonce)
    {
        var id = new PredictionId(serving.Served.ModelName, enrolled ? state.ExperimentName : null, arm, serving.Served.Version, nonce);
        if (Activity.Current is { } activity)
        {
            activity.SetTag("modelops.experiment", enrolled ? state.ExperimentName : null);
            activity.SetTag("modelops.arm", arm);
            activity.SetTag("modelops.version", serving.VersionTag);
            activity.SetTag("modelops.prediction_id", id.ToString());
        }

        return new RoutedPrediction<TOutput>(value, serving.Served, arm, id, challengerFailed);
    }

    /// <summary>
    /// Hands the answer to the prediction log (a clock read and a queue write); a log that cannot keep up drops and counts it. With
    /// <see cref="RoutingOptions.ExplainEveryDecision"/>, the record is written once the arm's scorer has explained the decision
    /// with the version that made it (leased now, or loaded again if the arm has moved on by then).
    /// </summary>
    private void LogPrediction(TInput input, in RoutedPrediction<TOutput> answer, IModelScorer<TInput, TOutput> arm)
    {
        double? predicted = null;
        if (_outputScore is not null)
        {
            try
            {
                predicted = _outputScore(answer.Value);
            }
#pragma warning disable CA1031 // The caller's answer stands whatever the output score function does; the log gets no predicted value.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogOutputScoreFailed(_logger, exception, answer.Id.ModelName);
            }
        }

        var record = new PredictionLogRecord(answer.Id, _time.GetUtcNow(), predicted, input, answer.Value);
        if (_explanations is { } explanations)
        {
            explanations.WriteInBackground(record, answer.Model, arm as IServingLeaseSource);
        }
        else
        {
            _predictionLog!.TryWrite(record);
        }
    }

    private void OnDefinitionSaved(object? sender, ExperimentSavedEventArgs e)
    {
        var current = _state.Definition;
        if (e.Definition.ModelName == current.ModelName && e.Definition.Name == current.Name && !ReferenceEquals(e.Definition, current))
        {
            _ = ApplyInBackgroundAsync(e.Definition);
        }
    }

    private void RefreshInBackground() => _ = RefreshInBackgroundAsync();

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(_stop.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed background refresh keeps the current definition serving; it is logged and retried next tick.
        catch (Exception exception) when (!_stop.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogRefreshFailed(_logger, exception, _state.Definition.Name, _state.Definition.ModelName);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ApplyInBackgroundAsync(ExperimentDefinition definition)
    {
        try
        {
            await ApplyAsync(definition, _stop.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The current definition keeps serving; the failure is logged.
        catch (Exception exception) when (!_stop.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogRefreshFailed(_logger, exception, definition.Name, definition.ModelName);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "The output score function of a routed scorer of model '{Model}' threw; the prediction is logged without a predicted value.")]
    private static partial void LogOutputScoreFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "A routed decision of model '{Model}' version {Version} was logged without its explanation: the explainer failed with {Error}.")]
    private static partial void LogExplanationFailed(ILogger logger, string model, int version, string error);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Challenger '{Arm}' of experiment '{Experiment}' failed; the champion answered.")]
    private static partial void LogChallengerFailed(ILogger logger, Exception exception, string experiment, string arm);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Experiment '{Experiment}' of model '{Model}' now routes by its new revision (status {Status}, ramp step {Step}).")]
    private static partial void LogDefinitionApplied(ILogger logger, string experiment, string model, ExperimentStatus status, int step);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Could not apply the stored definition of experiment '{Experiment}' of model '{Model}'; the current one keeps routing.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string experiment, string model);
}
