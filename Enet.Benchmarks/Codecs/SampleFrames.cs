using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Benchmarks.Codecs;

/// <summary>The frames the codec benchmarks read: the shapes the reference figures were measured on.</summary>
internal static class SampleFrames
{
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:02");

    /// <summary>Ethernet + IPv4 + TCP with 20 B of options (mss, sackOK, TS, nop, wscale) + 64 B payload.</summary>
    public static Frame Ipv4Tcp { get; } = new()
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(B, A, EtherType.Ipv4, []),
        Ipv4 = Ipv4Header.Create(Ipv4Address.Parse("192.0.2.1"), Ipv4Address.Parse("192.0.2.2"), IpProtocol.Tcp),
        Tcp = new TcpSegment(40000, 80, 1_000_000, 2_000_000, TcpFlags.Syn | TcpFlags.Ack, 65535, null, 0,
            [new TcpOption.MaxSegmentSize(1460), new TcpOption.SackPermitted(), new TcpOption.Timestamps(1, 2),
             new TcpOption.NoOperation(), new TcpOption.WindowScale(7)], new byte[64]),
    };

    /// <summary>Ethernet + IPv6 + UDP + 64 B payload.</summary>
    public static Frame Ipv6Udp { get; } = new()
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(B, A, EtherType.Ipv6, []),
        Ipv6 = new Ipv6Header(0, 0, null, IpProtocol.Udp, 64, Ipv6Address.Parse("2001:db8::1"), Ipv6Address.Parse("2001:db8::2"), []),
        Udp = UdpDatagram.Create(5353, 53, new byte[64]),
    };
}
