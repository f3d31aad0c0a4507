using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ModelOps.Sdk.Routing.Shadow;

/// <summary>
/// Runs shadow calls off the caller's path: a bounded queue that drops (and counts) rather than waits, drained by a fixed number
/// of workers (the concurrency cap). A shadow's exception or timeout is recorded against its arm and never reaches the caller.
/// </summary>
/// <remarks>
/// The queue is a <see cref="Channel"/> of structs, so handing a call off is one lock-protected enqueue with no allocation once the
/// queue's buffer has grown; a full queue makes <see cref="TryEnqueue"/> return <see langword="false"/> at once.
/// </remarks>
internal sealed partial class ShadowDispatcher<TInput, TOutput> : IAsyncDisposable
    where TInput : class
    where TOutput : class
{
    private readonly Channel<ShadowCall<TInput, TOutput>> _queue;
    private readonly Task[] _workers;
    private readonly TimeProvider _time;
    private readonly Func<TOutput, double>? _outputScore;
    private readonly ILogger _logger;
    private long _dropped;
    private long _completed;

    public ShadowDispatcher(int capacity, int concurrency, TimeProvider time, Func<TOutput, double>? outputScore, ILogger logger)
    {
        _queue = Channel.CreateBounded<ShadowCall<TInput, TOutput>>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = concurrency == 1,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
        _time = time;
        _outputScore = outputScore;
        _logger = logger;
        _workers = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            _workers[i] = Task.Run(WorkAsync);
        }
    }

    /// <summary>Gets how many shadow calls were dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets how many shadow calls have been run (every shadow arm of them).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public bool TryEnqueue(in ShadowCall<TInput, TOutput> call)
    {
        if (_queue.Writer.TryWrite(call))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var call))
            {
                Run(call);
                Interlocked.Increment(ref _completed);
            }
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
