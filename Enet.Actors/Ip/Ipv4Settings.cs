using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>The IPv4 layer of one interface: its addresses, the host's routes, and its bounds.</summary>
public sealed record Ipv4Settings(IReadOnlyList<Ipv4Cidr> Addresses)
{
    /// <summary>The interface's name, as the routing table names it.</summary>
    public string Interface { get; init; } = "eth0";

    /// <summary>The host's routing table; null builds one from this interface alone (its subnets and
    /// <see cref="DefaultGateway"/>).</summary>
    public Ipv4RoutingTable? Routes { get; init; }

    /// <summary>The next hop for destinations outside every subnet, when <see cref="Routes"/> is not given.</summary>
    public Ipv4Address? DefaultGateway { get; init; }

    /// <summary>RFC 1122 3.2.1.7: the default TTL SHOULD be configurable; 64 as Linux uses (RFC 1700).</summary>
    public byte Ttl { get; init; } = 64;

    /// <summary>The interface's MTU: datagrams sent through it are fragmented to fit.</summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>IPv4 frames the layer may have queued on the bus before they are dropped.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>RFC 1122 3.3.2: how long fragments of an incomplete datagram are kept; between 60 and 120 s
    /// recommended (enet.ip.reassembly.timeout).</summary>
    public TimeSpan ReassemblyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest datagram reassembled (enet.ip.reassembly.max-bytes-per-datagram); 65535 is IPv4's own.</summary>
    public int ReassemblyMaxDatagramBytes { get; init; } = ushort.MaxValue;

    /// <summary>Bytes all incomplete datagrams may hold together (enet.ip.reassembly.max-bytes).</summary>
    public long ReassemblyMaxBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>ICMP error messages per second the layer sends at most, on average: a token bucket as RFC 1812
    /// 4.3.2.8 and RFC 4443 2.4 (f) describe (enet.ip.icmp-errors.rate; Linux: net.ipv4.icmp_msgs_per_sec).</summary>
    public double IcmpErrorRate { get; init; } = 1000;

    /// <summary>ICMP errors sent back to back before the rate applies (enet.ip.icmp-errors.burst; Linux:
    /// net.ipv4.icmp_msgs_burst).</summary>
    public int IcmpErrorBurst { get; init; } = 50;

    /// <summary>The table the layer routes by.</summary>
    public Ipv4RoutingTable RoutingTable() =>
        Routes ?? Ipv4RoutingTable.Create([new Ipv4Link(Interface, Addresses, Mtu) { Gateway = DefaultGateway }]);
}
