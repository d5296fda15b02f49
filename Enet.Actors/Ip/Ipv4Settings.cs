using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>The IPv4 layer of one interface: its addresses, where off-link traffic goes, and its bounds.</summary>
public sealed record Ipv4Settings(IReadOnlyList<Ipv4Cidr> Addresses)
{
    /// <summary>The next hop for destinations outside every subnet; none means they are unreachable.</summary>
    public Ipv4Address? DefaultGateway { get; init; }

    /// <summary>RFC 1122 3.2.1.7: the default TTL SHOULD be configurable; 64 as Linux uses (RFC 1700).</summary>
    public byte Ttl { get; init; } = 64;

    /// <summary>Largest datagram sent; larger ones are dropped, as fragmentation is not there yet.</summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>IPv4 frames the layer may have queued on the bus before they are dropped.</summary>
    public int QueueCapacity { get; init; } = 1024;
}
