using System.Runtime.CompilerServices;
using ModelOps.Sdk.Flavors;
using ModelOps.Sdk.Telemetry;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// One loaded version as a scorer serves it. A call uses it under a lease; the version is disposed only after it has been retired
/// (the scorer moved on) and the last lease has ended, so calls in flight always finish on it.
/// </summary>
/// <remarks>
/// Two kinds of lease: the calling thread's slot in <see cref="ThreadLeaseSlots"/> (the common case: no atomic instruction), and a
/// counted lease for a thread already inside a scoring call. The count starts at one, held by the scorer while the generation is
/// current and given back by <see cref="Retire"/>.
/// </remarks>
internal sealed class ServingGeneration<TInput, TOutput>
    where TInput : class
    where TOutput : class
{
    private readonly Action<ServingGeneration<TInput, TOutput>> _onDrained;
    private int _leases = 1;
    private volatile bool _retired;
    private int _drained;

    public ServingGeneration(ILoadedModel model, IModelPredictor<TInput, TOutput> predictor, ServedModel served, DateTimeOffset since, ScorerCallSeries calls, Action<ServingGeneration<TInput, TOutput>> onDrained)
    {
        Model = model;
        Calls = calls;
        Predictor = predictor;
        Served = served;
        Since = since;
        _onDrained = onDrained;
    }

    public ILoadedModel Model { get; }

    public IModelPredictor<TInput, TOutput> Predictor { get; }

    public ServedModel Served { get; }

    /// <summary>Where calls on this version are counted and timed (<c>modelops.scorer.*</c>).</summary>
    public ScorerCallSeries Calls { get; }

    public DateTimeOffset Since { get; }

    /// <summary>Takes a counted lease unless the generation has already drained; lock-free and allocation-free.</summary>
    public bool TryAcquireCounted()
    {
        while (true)
        {
            var leases = Volatile.Read(ref _leases);
            if (leases == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _leases, leases + 1, leases) == leases)
            {
                return true;
            }
        }
    }

    public void ReleaseCounted()
    {
        // Interlocked.Decrement is a full fence, which the slot scan in TryFinishDrain needs.
        if (Interlocked.Decrement(ref _leases) == 0)
        {
            TryFinishDrain();
        }
    }

    /// <summary>Ends a slot lease: empties the slot, and finishes the drain if the generation was retired meanwhile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReleaseSlot(ThreadLeaseSlots.Slot slot)
    {
        Volatile.Write(ref slot.Active, null);
        if (_retired)
        {
            // Slow path, only for calls that straddled a swap: a full fence so that this thread's emptied slot and the counter
            // are seen consistently with any concurrent ReleaseCounted (both fence, so at least one sees the other's effect).
            Interlocked.MemoryBarrier();
            TryFinishDrain();
        }
    }

    /// <summary>
    /// Called once by the scorer after it has unpublished this generation: from here on no new slot lease can be taken, and the
    /// generation is disposed as soon as the leases that are still running end.
    /// </summary>
    public void Retire()
    {
        _retired = true;

        // Every thread executes a full fence: a reader that entered through its slot before this point is visible to the scans
        // that follow, and a reader entering after it sees that the scorer has moved on (see ThreadLeaseSlots).
        Interlocked.MemoryBarrierProcessWide();
        ReleaseCounted();
    }

    private void TryFinishDrain()
    {
        if (!_retired || Volatile.Read(ref _leases) != 0 || ThreadLeaseSlots.AnyHolds(this))
        {
            return;
        }

        if (Interlocked.Exchange(ref _drained, 1) == 0)
        {
            _onDrained(this);
        }
    }
}
