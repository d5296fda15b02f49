using Enet.Codecs;

namespace Enet.Actors.Tcp;

/// <summary>The 4-tuple that names a connection (RFC 9293 3.3.1: "a pair of sockets uniquely identifies each
/// connection").</summary>
public readonly record struct ConnectionId(Ipv4Address LocalAddress, ushort LocalPort, Ipv4Address RemoteAddress, ushort RemotePort)
{
    public override string ToString() => $"{LocalAddress}:{LocalPort}-{RemoteAddress}:{RemotePort}";
}
