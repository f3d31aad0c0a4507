using System.Runtime.CompilerServices;

namespace ModelOps.Sdk.Scoring;

/// <summary>
/// One slot per thread in which a scoring call publishes the serving generation it is using, so that the common case of a call
/// costs two plain stores and two plain loads instead of two atomic read-modify-writes on a shared counter.
/// </summary>
/// <remarks>
/// <para>
/// The protocol is the asymmetric Dekker pattern used by read-copy-update and epoch-based reclamation (McKenney, "Is Parallel
/// Programming Hard", ch. 9; the same idea as Linux's <c>membarrier</c>-based userspace RCU). A reader stores the generation in
/// its slot, then reads the scorer's current generation again; only if it is unchanged may the call proceed. The writer that
/// retires a generation first unpublishes it, then runs <see cref="Interlocked.MemoryBarrierProcessWide"/>, which makes every
/// thread execute a full fence, and only then scans the slots. So either the scan sees the reader's slot, or the reader's second
/// read sees the new generation and it retries: a retired generation is never entered unseen. Releasing stores <see langword="null"/>
/// and then reads the generation's retired flag; a reader that sees it set takes the slow path that finishes the drain. A reader
/// whose second read finds a newer generation backs out with that same release before retrying: the scan may already have seen
/// its slot holding the old generation and left the drain to it (simply overwriting the slot would leave the old version
/// undisposed).
/// </para>
/// <para>
/// A thread already inside a scoring call (a flavor that scores another model, say) finds its slot taken and falls back to the
/// counted lease of <see cref="ServingGeneration{TInput, TOutput}"/>. Slots of threads that have ended go back to a free list
/// through the finalizer of the thread's slot owner, so the number of slots tracks the number of live scoring threads.
/// </para>
/// </remarks>
internal static class ThreadLeaseSlots
{
    private static readonly Lock RegistrationLock = new();
    private static readonly Stack<Slot> FreeSlots = new();
    private static Slot[] s_all = [];

    // The slot itself is cached beside its owner so that the hot path reads one thread-static field and nothing else.
    [ThreadStatic]
    private static Slot? t_slot;

    [ThreadStatic]
    private static SlotOwner? t_owner;

    /// <summary>The calling thread's slot, created on its first scoring call.</summary>
    public static Slot Current => t_slot ?? Register();

    /// <summary>Whether any thread's slot holds <paramref name="generation"/>. Callers run a full fence first.</summary>
    public static bool AnyHolds(object generation)
    {
        foreach (var slot in Volatile.Read(ref s_all))
        {
            if (ReferenceEquals(Volatile.Read(ref slot.Active), generation))
            {
                return true;
            }
        }

        return false;
    }

    private static Slot Register()
    {
        Slot slot;
        lock (RegistrationLock)
        {
            if (!FreeSlots.TryPop(out slot!))
            {
                slot = new Slot();
                var all = s_all;
                var grown = new Slot[all.Length + 1];
                all.CopyTo(grown, 0);
                grown[^1] = slot;
                Volatile.Write(ref s_all, grown);
            }
        }

        t_owner = new SlotOwner(slot);
        t_slot = slot;
        return slot;
    }

    /// <summary>The calls every slot has counted for one call series (see <see cref="Slot.CountCalls"/>).</summary>
    public static long SumCalls(int series)
    {
        var total = 0L;
        foreach (var slot in Volatile.Read(ref s_all))
        {
            total += slot.ReadCalls(series);
        }

        return total;
    }

    /// <summary>
    /// A thread's published generation, written only by its thread and read by drains; and the calls its threads have counted
    /// per call series, written only by the owning thread (a slot is owned by one live thread at a time) and read by telemetry.
    /// </summary>
    internal sealed class Slot
    {
        /// <summary>The generation the owning thread is scoring on, or <see langword="null"/> between calls.</summary>
        public object? Active;

        // 64 bytes of unused cells either side of the counts, so no other object shares a cache line with them.
        private const int Padding = 8;

        // Indexed by the series' index plus Padding; only the owning thread writes, so a plain add loses nothing, and readers see
        // a value that is at most a few calls stale and never decreases. A thread that ends hands the slot, counts included, to the
        // next. Allocated on the pinned object heap, so a collection never moves the counts next to another object.
        private long[] _calls = new long[2 * Padding];

        /// <summary>Adds calls to a series' count in this slot; returns the new count. Called only by the owning thread.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public long CountCalls(int series, int calls)
        {
            var counts = _calls;
            var cell = series + Padding;
            if ((uint)cell >= (uint)(counts.Length - Padding))
            {
                counts = Grow(series);
            }

            var count = counts[cell] + calls;
            Volatile.Write(ref counts[cell], count);
            return count;
        }

        /// <summary>A series' count in this slot, from any thread.</summary>
        public long ReadCalls(int series)
        {
            var counts = Volatile.Read(ref _calls);
            var cell = series + Padding;
            return (uint)cell < (uint)(counts.Length - Padding) ? Volatile.Read(ref counts[cell]) : 0;
        }

        private long[] Grow(int series)
        {
            var cells = Math.Max(series + 1, (_calls.Length - (2 * Padding)) * 2);
            var grown = GC.AllocateArray<long>(cells + (2 * Padding), pinned: true);
            _calls.CopyTo(grown, 0);
            Volatile.Write(ref _calls, grown);
            return grown;
        }
    }

    /// <summary>Reachable only from its thread's static field: when the thread ends, the finalizer returns the slot.</summary>
    private sealed class SlotOwner(Slot slot)
    {
        public Slot Slot { get; } = slot;

        ~SlotOwner()
        {
            // The thread has ended, so it is not inside a call and the slot is empty.
            lock (RegistrationLock)
            {
                FreeSlots.Push(Slot);
            }
        }
    }
}
