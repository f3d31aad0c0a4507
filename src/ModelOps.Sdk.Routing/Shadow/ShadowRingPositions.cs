using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Routing.Shadow;

/// <summary>The producers' and the consumers' positions of a <see cref="ShadowRing{T}"/>, each on its own cache line (a non-generic struct: generic types cannot have explicit layout).</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct ShadowRingPositions
{
    [FieldOffset(64)]
    public long Tail;

    [FieldOffset(128)]
    public long Head;
}
