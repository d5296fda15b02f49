using System.Runtime.InteropServices;

namespace Enet.Runtime.Dispatch;

/// <summary>A consumer head and a producer tail on separate cache lines, so they do not false-share.
/// Not nested in the generic queue: the runtime refuses explicit layout on generic types.</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct PaddedIndices
{
    [FieldOffset(64)]
    public long Head;

    [FieldOffset(128)]
    public long Tail;
}
