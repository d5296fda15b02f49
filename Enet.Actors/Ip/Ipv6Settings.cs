using Enet.Actors.Ndp;
using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>The IPv6 layer of one interface: its MAC (for the link-local address), its configured addresses, and its bounds.</summary>
public sealed record Ipv6Settings(MacAddress Mac, IReadOnlyList<Ipv6Cidr> Addresses)
{
    /// <summary>RFC 8200 3 / RFC 4861 6.3.2: hop limit of the packets we originate; 64 as Linux uses.</summary>
    public byte HopLimit { get; init; } = 64;

    /// <summary>The link MTU; larger datagrams are fragmented at the source (RFC 8200 4.5, 5). At least 1280.</summary>
    public int Mtu { get; init; } = 1500;

    /// <summary>IPv6 frames the layer may have queued on the bus before they are dropped.</summary>
    public int QueueCapacity { get; init; } = 1024;

    public NdpSettings Ndp { get; init; } = NdpSettings.Default;

    /// <summary>RFC 8200 4.5: give up a reassembly 60 seconds after its first fragment arrived.</summary>
    public TimeSpan ReassemblyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest datagram reassembled (fragment data and the unfragmentable part).</summary>
    public int MaxReassemblyDatagramBytes { get; init; } = 65535 + 1280;

    /// <summary>Bytes all incomplete datagrams may hold together; beyond it the oldest is dropped.</summary>
    public long MaxReassemblyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Datagrams reassembled at once.</summary>
    public int MaxReassemblies { get; init; } = 256;

    /// <summary>Destinations whose path MTU a Packet Too Big taught us, kept at once (RFC 8201 5.2).</summary>
    public int MaxPathMtuEntries { get; init; } = 1024;

    /// <summary>RFC 8201 5.3: a learned path MTU is forgotten after this (at least 5 minutes; 10 recommended), so an
    /// increase is found.</summary>
    public TimeSpan PathMtuTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>RFC 4443 2.4(f): ICMPv6 error messages sent per second on average (a token bucket) ...</summary>
    public double IcmpErrorsPerSecond { get; init; } = 10;

    /// <summary>... and in one burst.</summary>
    public int IcmpErrorBurst { get; init; } = 10;
}
