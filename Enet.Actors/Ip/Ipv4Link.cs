namespace Enet.Actors.Ip;

/// <summary>What the routing table needs to know about one interface: its name, addresses, MTU and the
/// gateway configured on it, if any.</summary>
public sealed record Ipv4Link(string Interface, IReadOnlyList<Ipv4Cidr> Addresses, int Mtu)
{
    public Codecs.Ipv4Address? Gateway { get; init; }
}
