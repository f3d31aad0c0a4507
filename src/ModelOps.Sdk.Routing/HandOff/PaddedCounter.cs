using System.Runtime.InteropServices;

namespace ModelOps.Sdk.Routing.HandOff;

/// <summary>A counter alone on its cache line, so the threads that write it do not slow down readers of neighbouring fields.</summary>
[StructLayout(LayoutKind.Explicit, Size = 128)]
internal struct PaddedCounter
{
    [FieldOffset(64)]
    public int Value;
}
