using Enet.Actors.Arp;
using Enet.Actors.Icmp;
using Enet.Actors.Ip;
using Enet.Codecs;
using Enet.Actors.Udp;
using Enet.Actors.Tcp;

namespace Enet.Actors.Hosting;

/// <summary>One host, as `enet.hosts.NAME` configures it: its interfaces, the services started on each of
/// them, and an optional capture file.</summary>
public sealed record HostSettings(string Name, IReadOnlyList<InterfaceSettings> Interfaces)
{
    /// <summary>Service names started on every interface: arp, icmp (needs arp), udp-echo (needs icmp), and observers such as dump, crtest.</summary>
    public IReadOnlyList<string> Services { get; init; } = ["arp", "icmp"];

    /// <summary>A .pcap or .pcapng file every frame of every interface is written to.</summary>
    public string? Capture { get; init; }

    public ArpSettings Arp { get; init; } = ArpSettings.Default;

    public IcmpSettings Icmp { get; init; } = IcmpSettings.Default;

    /// <summary>The host's default gateway (RFC 1122 3.3.1): the route for destinations no other route matches.</summary>
    public Ipv4Address? Gateway { get; init; }

    /// <summary>Static routes, each through the interface whose subnet holds its next hop.</summary>
    public IReadOnlyList<Ipv4StaticRoute> Routes { get; init; } = [];

    /// <summary>The host's IPv4 routes: each interface's subnets, the static routes and the default gateway. A gateway or
    /// route on no interface's subnet is an ArgumentException.</summary>
    public Ipv4RoutingTable CreateRoutingTable() =>
        Ipv4RoutingTable.Create([.. Interfaces.Select(i => new Ipv4Link(i.Name, i.Ipv4, i.Mtu) { Gateway = i.Gateway })], Routes, Gateway);

    /// <summary>What every interface's IPv4 layer starts from (TTL, reassembly and ICMP error bounds, from
    /// enet.ip); addresses, MTU and the routing table are filled in per interface.</summary>
    public Ipv4Settings Ipv4 { get; init; } = new([]);
    /// <summary>The UDP layers' bounds and socket defaults (enet.udp).</summary>
    public UdpSettings Udp { get; init; } = UdpSettings.Default;

    /// <summary>IPv6 bounds for every interface (enet.ipv6); each interface puts in its own MAC, addresses and MTU.</summary>
    public Ipv6Settings Ipv6 { get; init; } = new(MacAddress.Zero, []);

    /// <summary>The TCP layers' bounds (timers, retries, buffers, tables).</summary>
    public TcpSettings Tcp { get; init; } = TcpSettings.Default;

    /// <summary>Frames each bus subscriber may have queued (enet.framebus.subscriber-queue).</summary>
    public int SubscriberQueue { get; init; } = 1024;

    /// <summary>Restarts of one child the host allows within <see cref="RestartWindow"/> before stopping it.</summary>
    public int MaxRestarts { get; init; } = 3;

    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromMinutes(1);
}
