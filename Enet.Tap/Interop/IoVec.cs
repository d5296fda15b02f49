using System.Runtime.InteropServices;

namespace Enet.Tap.Interop;

/// <summary>struct iovec (readv(2), writev(2)): a base pointer and a length.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IoVec
{
    public void* Base;
    public nuint Length;
}
