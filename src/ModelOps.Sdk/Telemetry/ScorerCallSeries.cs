using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ModelOps.Sdk.Scoring;

namespace ModelOps.Sdk.Telemetry;

/// <summary>
/// The exact call count of one served version (model, alias, version), published through the observable counter
/// <c>modelops.scorer.calls</c>; and the sampling of <c>modelops.scorer.duration</c>.
/// </summary>
/// <remarks>
/// <para>
/// A call on the common path counts in the calling thread's own lease slot (<see cref="ThreadLeaseSlots.Slot.CountCalls"/>),
/// which the scorer has already read: one plain add in memory only that thread writes, so nothing is lost and no cache line is
/// shared. A nested call (a flavor that scores another model on the same thread) takes the counted path and increments the stripe
/// of the core it runs on (<see cref="Thread.GetCurrentProcessorId"/>), interlocked. The total is the sum of both.
/// </para>
/// <para>
/// Nothing is counted or timed while no listener is subscribed to the instrument. A call is timed when its thread's (or stripe's)
/// count reaches a multiple of <see cref="SamplingInterval"/>, so about one call in 256 pays for two clock reads and a histogram
/// record through OpenTelemetry. A timed call costs hundreds of nanoseconds inside a scoring loop (the record's tag lookup and
/// what it evicts from the cache), so at one in 64 the share alone was about the 10 ns per call the telemetry may add.
/// </para>
/// </remarks>
internal sealed class ScorerCallSeries
{
    /// <summary>Time one call in this many (per thread).</summary>
    public const int SamplingInterval = 256;

    private static int s_lastIndex = -1;

    // The series' cell in every thread's lease slot: series are never removed, so an index is never reused.
    private readonly int _index = Interlocked.Increment(ref s_lastIndex);
    private readonly Stripe[] _stripes;

    public ScorerCallSeries(string model, string? alias, int version)
    {
        Model = model;
        Alias = alias;
        Version = version;
        Tags = alias is null
            ? [new(CoreInstruments.ModelTag, model), new(CoreInstruments.VersionTag, version)]
            : [new(CoreInstruments.ModelTag, model), new(CoreInstruments.VersionTag, version), new(CoreInstruments.AliasTag, alias)];
        var count = (int)Math.Min(64, BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, Environment.ProcessorCount)));
        _stripes = new Stripe[count];
        for (var i = 0; i < count; i++)
        {
            _stripes[i] = new Stripe();
        }
    }

    public string Model { get; }

    public string? Alias { get; }

    public int Version { get; }

    /// <summary>The series' tags, built once.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    /// <summary>
    /// Counts one call in the calling thread's lease slot, which it holds; returns its start timestamp when this call is sampled for
    /// the duration histogram, else 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Enter(TimeProvider time, ThreadLeaseSlots.Slot slot)
    {
        if (!CoreInstruments.Calls.Enabled)
        {
            return 0;
        }

        var count = slot.CountCalls(_index, 1);
        return (count & (SamplingInterval - 1)) == 0 && CoreInstruments.Duration.Enabled ? time.GetTimestamp() : 0;
    }

    /// <summary>Counts one call on the counted (nested) path; returns its start timestamp when sampled, else 0.</summary>
    public long Enter(TimeProvider time)
    {
        if (!CoreInstruments.Calls.Enabled)
        {
            return 0;
        }

        var count = Interlocked.Increment(ref _stripes[Thread.GetCurrentProcessorId() & (_stripes.Length - 1)].Calls);
        return (count & (SamplingInterval - 1)) == 0 && CoreInstruments.Duration.Enabled ? time.GetTimestamp() : 0;
    }

    /// <summary>Counts a batch of calls (not timed) in the calling thread's lease slot, which it holds.</summary>
    public void EnterBatch(int calls, ThreadLeaseSlots.Slot slot)
    {
        if (CoreInstruments.Calls.Enabled && calls > 0)
        {
            slot.CountCalls(_index, calls);
        }
    }

    /// <summary>Counts a batch of calls (not timed) on the counted (nested) path.</summary>
    public void EnterBatch(int calls)
    {
        if (CoreInstruments.Calls.Enabled && calls > 0)
        {
            Interlocked.Add(ref _stripes[Thread.GetCurrentProcessorId() & (_stripes.Length - 1)].Calls, calls);
        }
    }

    /// <summary>Records a sampled call's duration.</summary>
    public void Exit(TimeProvider time, long started) =>
        CoreInstruments.Duration.Record(time.GetElapsedTime(started).TotalSeconds, Tags);

    /// <summary>Counts a failed call; returns <see langword="false"/> so it can serve as an exception filter that rethrows untouched.</summary>
    public bool Fail(Exception error)
    {
        if (CoreInstruments.Errors.Enabled)
        {
            CoreInstruments.Errors.Add(1, CoreInstruments.ScorerTags(Model, Alias, Version, error));
        }

        return false;
    }

    /// <summary>The calls over every thread's slot and every stripe.</summary>
    public long Total()
    {
        var total = ThreadLeaseSlots.SumCalls(_index);
        foreach (var stripe in _stripes)
        {
            total += Interlocked.Read(ref stripe.Calls);
        }

        return total;
    }

    /// <summary>One core's count, alone on its cache line (64 bytes of padding either side).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 136)]
    private sealed class Stripe
    {
        [FieldOffset(64)]
        public long Calls;
    }
}
