using System.Numerics;
using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Routing.Statistics;

/// <summary>
/// Call, error and latency-bin counters striped by processor: a recording thread increments the stripe of the core it runs on
/// (<see cref="Thread.GetCurrentProcessorId"/>), so threads on different cores do not bounce one cache line between them on
/// every call, and readers sum the stripes.
/// </summary>
/// <remarks>
/// Increments stay interlocked (a thread may move to another core between reading its processor id and incrementing), so every
/// count is exact; striping only keeps them core-local. A stripe's latency bins are allocated when its core first records a
/// timed call, so a recorder costs about 9 KB per core that actually records latencies.
/// </remarks>
internal sealed class CallStripes
{
    private readonly Stripe[] _stripes;

    public CallStripes()
    {
        var count = (int)Math.Min(64, BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)));
        _stripes = new Stripe[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    /// <summary>Records a call whose latency was measured.</summary>
    public void Record(int latencyBin, bool failed)
    {
        var stripe = Current();
        Interlocked.Increment(ref stripe.Calls);
        if (failed)
        {
            Interlocked.Increment(ref stripe.Errors);
        }

        var bins = stripe.Bins ?? stripe.CreateBins();
        Interlocked.Increment(ref bins[latencyBin]);
    }

    /// <summary>Records a failed call whose latency was not measured.</summary>
    public void RecordUntimedFailure()
    {
        var stripe = Current();
        Interlocked.Increment(ref stripe.Calls);
        Interlocked.Increment(ref stripe.Errors);
    }

    /// <summary>The errors over every stripe. Read before <see cref="Calls"/>: a call is counted before its error.</summary>
    public long Errors()
    {
        var total = 0L;
        foreach (var stripe in _stripes)
        {
            total += Interlocked.Read(ref stripe.Errors);
        }

        return total;
    }

    /// <summary>The timed and failed calls over every stripe.</summary>
    public long Calls()
    {
        var total = 0L;
        foreach (var stripe in _stripes)
        {
            total += Interlocked.Read(ref stripe.Calls);
        }

        return total;
    }

    /// <summary>The latency bins summed over every stripe.</summary>
    public long[] LatencyBins()
    {
        var total = new long[LogScaleBins.MaxIndex + 1];
        foreach (var stripe in _stripes)
        {
            if (Volatile.Read(ref stripe.Bins) is { } bins)
            {
                for (var i = 0; i < bins.Length; i++)
                {
                    total[i] += Interlocked.Read(ref bins[i]);
                }
            }
        }

        return total;
    }

    private Stripe Current() => _stripes[Thread.GetCurrentProcessorId() & (_stripes.Length - 1)];

    /// <summary>One core's counters, alone on their cache line (64 bytes of padding either side).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 152)]
    private sealed class Stripe
    {
        [FieldOffset(64)]
        public long Calls;

        [FieldOffset(72)]
        public long Errors;

        [FieldOffset(80)]
        public long[]? Bins;

        public long[] CreateBins()
        {
            Interlocked.CompareExchange(ref Bins, new long[LogScaleBins.MaxIndex + 1], null);
            return Bins;
        }
    }
}
