using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Routing.HandOff;

/// <summary>The producers' and the consumers' positions of a <see cref="BoundedRing{T}"/>, each on its own cache line (a non-generic struct: generic types cannot have explicit layout).</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct BoundedRingPositions
{
    [FieldOffset(64)]
    public long Tail;

    [FieldOffset(128)]
    public long Head;
}
