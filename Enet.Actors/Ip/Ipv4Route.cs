using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// One entry of a host's routing table (RFC 1122 3.3.1): datagrams for <paramref name="Destination"/> leave
/// through <paramref name="Interface"/>, to <paramref name="Gateway"/> or, when that is null, straight to the
/// destination on the attached network. <paramref name="Source"/> is the interface address a datagram sent
/// with no source of its own gets (RFC 1122 3.3.4.3), <paramref name="Mtu"/> the size it is fragmented to.
/// </summary>
public sealed record Ipv4Route(Ipv4Cidr Destination, Ipv4Address? Gateway, string Interface, Ipv4Address Source, int Mtu)
{
    /// <summary>The neighbour a datagram for <paramref name="destination"/> is handed to on the link.</summary>
    public Ipv4Address NextHop(Ipv4Address destination) => Gateway ?? destination;

    public override string ToString() =>
        $"{Destination} {(Gateway is { } gateway ? $"via {gateway}" : "connected")} dev {Interface} src {Source} mtu {Mtu}";
}
