using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Routing.Shadow;

/// <summary>The counters of a <see cref="ShadowDispatcher{TInput, TOutput}"/> that callers and workers write, each on its own cache line (a non-generic struct: generic types cannot have explicit layout).</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct ShadowCounters
{
    /// <summary>Written by callers on the drop path only.</summary>
    [FieldOffset(64)]
    public long Dropped;

    /// <summary>Written by workers after each shadow call.</summary>
    [FieldOffset(128)]
    public long Completed;

    /// <summary>Set once by disposal.</summary>
    [FieldOffset(192)]
    public int Closed;
}
