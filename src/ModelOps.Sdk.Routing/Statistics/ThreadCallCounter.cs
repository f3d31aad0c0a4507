using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// An exact event count kept without an interlocked instruction per event: each thread adds to its own cell with a plain write
/// (it is the cell's only writer), and a reader sums every cell ever created, including those of threads that have ended.
/// </summary>
/// <remarks>
/// <para>
/// A thread that keeps counting into one counter (a routed scorer's champion arm, the usual case) finds its cell through two
/// thread-static reads; switching between counters takes one lookup in the thread's own table of cells. Cells are padded to their own
/// cache lines so threads never contend on one. The sum is exact for every increment that happened before the read, and never
/// decreases from one read to the next (each cell only grows and cells are never removed).
/// </para>
/// <para>Memory: one cell per thread that ever counted here, kept for the counter's lifetime; a thread keeps the last counter it
/// counted into reachable until it counts into another one.</para>
/// </remarks>
internal sealed class ThreadCallCounter
{
    // The counter this thread counted into last and its cell there.
    [ThreadStatic]
    private static ThreadCallCounter? t_counter;

    [ThreadStatic]
    private static Cell? t_cell;

    // This thread's cells by counter; weak on the counter, so a thread does not keep counters it no longer uses alive.
    [ThreadStatic]
    private static ConditionalWeakTable<ThreadCallCounter, Cell>? t_cells;

    private readonly Lock _registration = new();

    // Every cell ever created here, kept after its thread has ended so no count is ever lost; replaced whole (copy on write).
    private Cell[] _cells = [];

    /// <summary>Adds one for the calling thread.</summary>
    public void Increment()
    {
        var cell = ReferenceEquals(t_counter, this) ? t_cell! : Switch();

        // The cell's only writer is this thread; the volatile write publishes the new value to readers in order.
        Volatile.Write(ref cell.Count, cell.Count + 1);
    }

    /// <summary>The total over every thread.</summary>
    public long Sum()
    {
        var total = 0L;
        foreach (var cell in Volatile.Read(ref _cells))
        {
            total += Volatile.Read(ref cell.Count);
        }

        return total;
    }

    private Cell Switch()
    {
        var cells = t_cells ??= [];
        if (!cells.TryGetValue(this, out var cell))
        {
            cell = new Cell();
            lock (_registration)
            {
                Volatile.Write(ref _cells, [.. _cells, cell]);
            }

            cells.Add(this, cell);
        }

        t_counter = this;
        t_cell = cell;
        return cell;
    }

    /// <summary>One thread's count, alone on its cache line (64 bytes either side).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 136)]
    private sealed class Cell
    {
        [FieldOffset(64)]
        public long Count;
    }
}
