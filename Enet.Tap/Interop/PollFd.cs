using System.Runtime.InteropServices;

namespace Enet.Tap.Interop;

/// <summary>struct pollfd (poll(2)): 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
