using Microsoft.Extensions.Logging;
using ModelOps.Sdk.Routing.HandOff;

namespace ModelOps.Sdk.Routing.Shadow;

/// <summary>
/// Runs shadow calls off the caller's path: a bounded queue that drops (and counts) rather than waits, drained by a fixed number
/// of workers (the concurrency cap). A shadow's exception or timeout is recorded against its arm and never reaches the caller.
/// </summary>
/// <remarks>
/// <para>
/// The caller's hand-off is the least it can be: one lock-free enqueue of three references into a pre-allocated
/// <see cref="BoundedRing{T}"/> (no lock, no allocation), then one read of the sleeping-worker count. Only when a worker is asleep
/// (the queue went from empty to non-empty) does the caller wake one, by releasing a semaphore. A full ring refuses at once and
/// the call is counted as dropped.
/// </para>
/// <para>
/// A worker that finds the queue empty spins briefly, then goes to sleep through <see cref="IdleWorkers"/>, which guarantees that
/// no hand-off is left unnoticed.
/// </para>
/// </remarks>
internal sealed partial class ShadowDispatcher<TInput, TOutput> : IAsyncDisposable
    where TInput : class
    where TOutput : class
{
    /// <summary>How many times an idle worker spins (yielding its time slice, never sleeping) before it goes to sleep.</summary>
    private const int SpinsBeforeSleep = 10;

    private readonly BoundedRing<ShadowCall<TInput, TOutput>> _queue;
    private readonly IdleWorkers _idle = new();
    private readonly Task[] _workers;
    private readonly TimeProvider _time;
    private readonly Func<TOutput, double>? _outputScore;
    private readonly ILogger _logger;
    private ShadowCounters _counters;

    public ShadowDispatcher(int capacity, int concurrency, TimeProvider time, Func<TOutput, double>? outputScore, ILogger logger)
    {
        _queue = new BoundedRing<ShadowCall<TInput, TOutput>>(capacity);
        _time = time;
        _outputScore = outputScore;
        _logger = logger;
        _workers = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            _workers[i] = Task.Run(WorkAsync);
        }
    }

    /// <summary>Gets how many shadow calls were dropped because the queue was full (or the dispatcher was disposed).</summary>
    public long Dropped => Interlocked.Read(ref _counters.Dropped);

    /// <summary>Gets how many shadow calls have been run (every shadow arm of them).</summary>
    public long Completed => Interlocked.Read(ref _counters.Completed);

    public bool TryEnqueue(in ShadowCall<TInput, TOutput> call)
    {
        if (Volatile.Read(ref _counters.Closed) == 0 && _queue.TryEnqueue(call))
        {
            if (_idle.AnyAsleep)
            {
                _idle.WakeOne();
            }

            return true;
        }

        Interlocked.Increment(ref _counters.Dropped);
        return false;
    }

    /// <summary>Stops accepting calls and returns when every queued call has run.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _counters.Closed, 1) != 0)
        {
            return;
        }

        _idle.WakeAll();
        await Task.WhenAll(_workers).ConfigureAwait(false);
        _idle.Dispose();
    }

    private async Task WorkAsync()
    {
        var spinner = default(SpinWait);
        while (true)
        {
            if (_queue.TryDequeue(out var call))
            {
                Run(call);
                Interlocked.Increment(ref _counters.Completed);
                spinner.Reset();
                continue;
            }

            if (!_queue.IsEmpty)
            {
                // A caller claimed a slot and is about to fill it.
                spinner.SpinOnce();
                continue;
            }

            if (Volatile.Read(ref _counters.Closed) != 0)
            {
                return;
            }

            if (spinner.Count < SpinsBeforeSleep)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            spinner.Reset();
            await _idle.SleepAsync(static self => !self._queue.IsEmpty || Volatile.Read(ref self._counters.Closed) != 0, this).ConfigureAwait(false);
        }
    }

    private void Run(in ShadowCall<TInput, TOutput> call)
    {
        var slots = call.State.Slots;
        for (var i = 1; i < slots.Length; i++)
        {
            var slot = slots[i];
            var start = _time.GetTimestamp();
            try
            {
                var result = slot.Scorer.Score(call.Input);
                var elapsed = _time.GetElapsedTime(start);
                var failed = elapsed > call.State.Timeout;
                var serving = slot.ServingFor(result.Model);
                serving.RecordCall(elapsed, failed, shadow: true, enrolled: true);
                if (!failed && _outputScore is not null)
                {
                    Compare(serving, call, result.Value);
                }
            }
#pragma warning disable CA1031 // A shadow's failure, whatever it is, must never reach the caller or stop the worker.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                slot.ServingNow()?.RecordCall(_time.GetElapsedTime(start), failed: true, shadow: true, enrolled: true);
                LogShadowFailed(_logger, exception, call.State.ExperimentName, slot.Name);
            }
        }
    }

    /// <summary>Records the paired comparison; a score the statistics refuse (for example outside [0, 1] for a binary metric) is logged, not counted as a shadow failure.</summary>
    private void Compare(ArmServing serving, in ShadowCall<TInput, TOutput> call, TOutput shadowOutput)
    {
        try
        {
            serving.Recorder?.RecordShadowComparison(_outputScore!(call.ChampionOutput), _outputScore!(shadowOutput));
        }
#pragma warning disable CA1031 // A comparison that cannot be recorded must not stop the worker or count against the shadow.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogComparisonFailed(_logger, exception, call.State.ExperimentName, serving.Served.Version);
        }
    }

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "The shadow comparison of experiment '{Experiment}' (version {Version}) could not be recorded; check the output score function against the experiment's metric.")]
    private static partial void LogComparisonFailed(ILogger logger, Exception exception, string experiment, int version);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Shadow arm '{Arm}' of experiment '{Experiment}' failed; counted against the arm.")]
    private static partial void LogShadowFailed(ILogger logger, Exception exception, string experiment, string arm);
}
