using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>A route from host configuration, `routes = [{ destination = "198.51.100.0/24", via = "192.0.2.254" }]`:
/// the interface is the one whose subnet holds <paramref name="Via"/>. <see cref="Mtu"/>, when set, caps the
/// datagrams sent on the route below the interface's MTU.</summary>
public sealed record Ipv4StaticRoute(Ipv4Cidr Destination, Ipv4Address Via)
{
    public int? Mtu { get; init; }
}
