using Microsoft.Extensions.Time.Testing;

namespace ModelOps.Sdk.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells when timers are created on it, so a test can wait until a background poller has
/// armed its delay before advancing the clock (advancing earlier would not fire a timer created afterwards).
/// </summary>
internal sealed class TimerObservingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private int _timersCreated;

    public int TimersCreated
    {
        get
        {
            lock (_gate)
            {
                return _timersCreated;
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> timers have been created in total.</summary>
    public Task WhenTimersCreatedAsync(int count)
    {
        lock (_gate)
        {
            if (_timersCreated >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        lock (_gate)
        {
            _timersCreated++;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Count <= _timersCreated)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }

        return timer;
    }
}
