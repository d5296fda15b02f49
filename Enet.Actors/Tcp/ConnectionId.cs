using Enet.Actors.Inet;

namespace Enet.Actors.Tcp;

/// <summary>The 4-tuple that names a connection (RFC 9293 3.3.1: "a pair of sockets uniquely identifies each
/// connection"), of either family: both addresses are IPv4 or both IPv6.</summary>
public readonly record struct ConnectionId(InetAddress LocalAddress, ushort LocalPort, InetAddress RemoteAddress, ushort RemotePort)
{
    public bool IsIpv4 => LocalAddress.IsIpv4;

    public override string ToString() => IsIpv4
        ? $"{LocalAddress}:{LocalPort}-{RemoteAddress}:{RemotePort}"
        : $"[{LocalAddress}]:{LocalPort}-[{RemoteAddress}]:{RemotePort}";
}
