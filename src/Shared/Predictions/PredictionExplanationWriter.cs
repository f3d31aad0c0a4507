using System.Globalization;
using System.Text.Json;
using ModelOps.Sdk.Explanations;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Predictions;

/// <summary>
/// Explains logged decisions by the version that made them and writes their records: the one implementation behind the plain
/// logging scorer (ModelOps.Sdk) and the routed scorer (ModelOps.Sdk.Routing), so both explain, bound, count and report failures
/// the same way. Shared source (src/Shared), compiled as an internal type into each package that logs predictions; not a contract.
/// </summary>
internal sealed class PredictionExplanationWriter
{
    private readonly IDecisionExplainer _explainer;
    private readonly IPredictionLogSink _sink;
    private readonly int _maxPending;
    private readonly string _optionName;
    private readonly Func<object, JsonElement> _inputJson;
    private readonly Action<ServedModel, Exception> _onFailed;
    private readonly HashSet<Task> _pending = [];
    private long _failed;
    private long _skipped;

    /// <param name="explainer">The explainer.</param>
    /// <param name="sink">The prediction log the records go to.</param>
    /// <param name="maxPending">How many background explanations may run at once.</param>
    /// <param name="optionName">The option that sets <paramref name="maxPending"/>, named in the records of skipped explanations.</param>
    /// <param name="inputJson">The input as JSON scoring reads it (the caller owns the serializer options: this package is trimmable).</param>
    /// <param name="onFailed">Logs an explainer failure (by model, version and exception type, never by input value).</param>
    public PredictionExplanationWriter(IDecisionExplainer explainer, IPredictionLogSink sink, int maxPending, string optionName, Func<object, JsonElement> inputJson, Action<ServedModel, Exception> onFailed)
    {
        _explainer = explainer;
        _sink = sink;
        _maxPending = maxPending;
        _optionName = optionName;
        _inputJson = inputJson;
        _onFailed = onFailed;
    }

    public long Failed => Interlocked.Read(ref _failed);

    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>
    /// Explains the decision on the thread pool and writes its record when done; beyond the pending bound, writes the record at
    /// once, saying the explanation was skipped. The lease on the version that decided is taken now, while it most likely still
    /// serves, and only when the explanation will run.
    /// </summary>
    public void WriteInBackground(PredictionLogRecord record, ServedModel served, IServingLeaseSource? leases)
    {
        lock (_pending)
        {
            if (_pending.Count >= _maxPending)
            {
                Interlocked.Increment(ref _skipped);
                _sink.TryWrite(record with
                {
                    ExplanationUnavailable = string.Create(CultureInfo.InvariantCulture, $"skipped: {_maxPending} explanations were already running ({_optionName})"),
                });
                return;
            }

            var lease = leases?.TryLeaseServing(served);
            var task = Task.Run(async () =>
            {
                var (explanation, unavailable) = await ExplainAsync(record.Input, served, lease, CancellationToken.None).ConfigureAwait(false);
                _sink.TryWrite(record with { Explanation = explanation, ExplanationUnavailable = unavailable });
            });
            _pending.Add(task);
            task.ContinueWith(static (done, state) =>
            {
                var pending = (HashSet<Task>)state!;
                lock (pending)
                {
                    pending.Remove(done);
                }
            }, _pending, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>
    /// Explains with the leased loaded version, or else loads the version that decided (the scorer moved on, or cannot lend it);
    /// never throws for an explainer failure: it is counted, reported, and returned as the reason. Ends the lease.
    /// </summary>
    public async Task<(DecisionExplanation? Explanation, string? Unavailable)> ExplainAsync(object input, ServedModel served, IServingLease? lease, CancellationToken cancellationToken)
    {
        try
        {
            var json = _inputJson(input);
            var explanation = lease is not null
                ? await _explainer.ExplainAsync(lease.Model, json, cancellationToken).ConfigureAwait(false)
                : await _explainer.ExplainVersionAsync(served.ModelName, served.Version, json, cancellationToken).ConfigureAwait(false);
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
            _onFailed(served, exception);
            // ExplanationUnavailableException says what the version lacks; other messages may quote an input value, so only the type is kept.
            var reason = exception is ExplanationUnavailableException unavailable
                ? unavailable.Message
                : $"the explainer failed with {exception.GetType().Name} (see the application log)";
            return (null, reason);
        }
        finally
        {
            lease?.Dispose();
        }
    }

    /// <summary>Waits for the explanations still running (their records are written).</summary>
    public Task DrainAsync()
    {
        Task[] pending;
        lock (_pending)
        {
            pending = [.. _pending];
        }

        return Task.WhenAll(pending);
    }
}
