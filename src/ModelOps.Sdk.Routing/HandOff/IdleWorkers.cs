namespace ModelOps.Sdk.Routing.HandOff;

/// <summary>
/// Puts idle workers of a <see cref="BoundedRing{T}"/> to sleep and wakes them only when needed: a producer reads one counter after
/// each hand-off and releases a semaphore only if a worker is asleep (the queue went from empty to non-empty).
/// </summary>
/// <remarks>
/// A worker registers as sleeping (an interlocked increment, a full fence), checks for work once more, and then waits; a producer
/// claims its slot with a compare-and-swap (a full fence) before it reads the counter. So either the producer sees the sleeper
/// or the worker sees the item: no hand-off is left unnoticed. Registrations are counted, not named: a producer that takes one
/// releases one permit, and a worker whose registration was taken waits for that permit.
/// </remarks>
internal sealed class IdleWorkers : IDisposable
{
    private readonly SemaphoreSlim _permits = new(0);
    private PaddedCounter _sleepers;

    /// <summary>Gets a value indicating whether a worker is asleep or going to sleep (read by producers after every hand-off).</summary>
    public bool AnyAsleep => Volatile.Read(ref _sleepers.Value) != 0;

    /// <summary>Wakes one sleeping worker, if any is left.</summary>
    public void WakeOne()
    {
        if (TryTakeRegistration())
        {
            _permits.Release();
        }
    }

    /// <summary>Wakes every sleeping worker (at shutdown).</summary>
    public void WakeAll()
    {
        while (AnyAsleep)
        {
            WakeOne();
        }
    }

    /// <summary>Sleeps until woken, unless <paramref name="hasWork"/>, checked after registering, says there is work already.</summary>
    public async ValueTask SleepAsync<TState>(Func<TState, bool> hasWork, TState state)
    {
        Interlocked.Increment(ref _sleepers.Value);
        if (hasWork(state) && TryTakeRegistration())
        {
            return;
        }

        // Either there is still no work, or a producer already took a registration and released a permit for it.
        await _permits.WaitAsync().ConfigureAwait(false);
    }

    public void Dispose() => _permits.Dispose();

    private bool TryTakeRegistration()
    {
        var sleepers = Volatile.Read(ref _sleepers.Value);
        while (sleepers > 0)
        {
            var seen = Interlocked.CompareExchange(ref _sleepers.Value, sleepers - 1, sleepers);
            if (seen == sleepers)
            {
                return true;
            }

            sleepers = seen;
        }

        return false;
    }
}
