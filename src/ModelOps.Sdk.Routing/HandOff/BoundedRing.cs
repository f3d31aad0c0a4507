using System.Numerics;

namespace ModelOps.Sdk.Routing.HandOff;

/// <summary>
/// A bounded, lock-free, multi-producer multi-consumer queue of structs in a pre-allocated array: D. Vyukov's bounded MPMC queue
/// (1024cores.net, "Bounded MPMC queue"), where each slot carries a sequence number that says whose turn it is. Enqueue and
/// dequeue are one compare-and-swap each when uncontended, allocate nothing, and never wait: a full ring refuses at once.
/// </summary>
/// <remarks>
/// The array has a power-of-two length of at least 2 (index by mask); when that is more than the capacity, enqueue also checks
/// the occupancy against the capacity, so exactly <c>capacity</c> items fit. The producer and consumer positions sit on separate cache
/// lines so producers and consumers do not invalidate each other's line on every operation.
/// </remarks>
internal sealed class BoundedRing<T>
    where T : struct
{
    private readonly Slot[] _slots;
    private readonly long _mask;
    private readonly long _capacity;
    private readonly bool _exact;
    private BoundedRingPositions _positions;

    public BoundedRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        // At least two slots: with one, "filled at position p" and "free for position p + 1" would be the same sequence number.
        var length = Math.Max(2, (int)BitOperations.RoundUpToPowerOf2((uint)capacity));
        _slots = new Slot[length];
        for (var i = 0; i < length; i++)
        {
            _slots[i].Sequence = i;
        }

        _mask = length - 1;
        _capacity = capacity;
        _exact = length == capacity;
    }

    /// <summary>Gets a value indicating whether no item is queued or being queued (a producer that has claimed a slot counts as queued).</summary>
    public bool IsEmpty => Volatile.Read(ref _positions.Tail) == Volatile.Read(ref _positions.Head);

    /// <summary>Queues an item, or returns <see langword="false"/> at once when the ring is full.</summary>
    /// <remarks>The claim is an interlocked compare-and-swap, a full fence: a reader of a flag after a successful call sees it after the claim.</remarks>
    public bool TryEnqueue(in T item)
    {
        var slots = _slots;
        var position = Volatile.Read(ref _positions.Tail);
        while (true)
        {
            ref var slot = ref slots[position & _mask];
            var difference = Volatile.Read(ref slot.Sequence) - position;
            if (difference == 0)
            {
                if (!_exact && position - Volatile.Read(ref _positions.Head) >= _capacity)
                {
                    return false;
                }

                var seen = Interlocked.CompareExchange(ref _positions.Tail, position + 1, position);
                if (seen == position)
                {
                    slot.Item = item;
                    Volatile.Write(ref slot.Sequence, position + 1);
                    return true;
                }

                position = seen;
            }
            else if (difference < 0)
            {
                // The slot still holds the item of the previous lap: the ring is full.
                return false;
            }
            else
            {
                position = Volatile.Read(ref _positions.Tail);
            }
        }
    }

    /// <summary>Takes the oldest item, or returns <see langword="false"/> when none is ready.</summary>
    public bool TryDequeue(out T item)
    {
        var slots = _slots;
        var position = Volatile.Read(ref _positions.Head);
        while (true)
        {
            ref var slot = ref slots[position & _mask];
            var difference = Volatile.Read(ref slot.Sequence) - (position + 1);
            if (difference == 0)
            {
                var seen = Interlocked.CompareExchange(ref _positions.Head, position + 1, position);
                if (seen == position)
                {
                    item = slot.Item;
                    // Drop the references so a queued input is not kept alive by the ring after its shadow call.
                    slot.Item = default;
                    Volatile.Write(ref slot.Sequence, position + slots.Length);
                    return true;
                }

                position = seen;
            }
            else if (difference < 0)
            {
                item = default;
                return false;
            }
            else
            {
                position = Volatile.Read(ref _positions.Head);
            }
        }
    }

    private struct Slot
    {
        public long Sequence;
        public T Item;
    }
}
