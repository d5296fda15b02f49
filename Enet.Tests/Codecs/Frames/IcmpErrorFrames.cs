using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Tests.Codecs.Frames;

/// <summary>ICMP and ICMPv6 errors built as a router or host sends them: each quotes a real datagram (its IP
/// header and the first 8 bytes after it, or as much as IPv6's minimum MTU allows).</summary>
public static class IcmpErrorFrames
{
    private static readonly MacAddress Router = MacAddress.Parse("02:00:00:00:00:fe");
    private static readonly MacAddress Host = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly Ipv4Address V4Host = Ipv4Address.Parse("192.0.2.1");
    public static readonly Ipv4Address V4Peer = Ipv4Address.Parse("192.0.2.2");
    public static readonly Ipv6Address V6Host = Ipv6Address.Parse("2001:db8::1");
    public static readonly Ipv6Address V6Peer = Ipv6Address.Parse("2001:db8::2");

    public static Frame UdpDatagram(ushort destinationPort) => new()
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(Router, Host, EtherType.Ipv4, []),
        Ipv4 = Ipv4Header.Create(V4Host, V4Peer, IpProtocol.Udp, identification: 0x1234),
        Udp = Enet.Codecs.UdpDatagram.Create(40000, destinationPort, "hello"u8.ToArray()),
    };

    public static Frame TcpSyn(byte ttl) => new()
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(Router, Host, EtherType.Ipv4, []),
        Ipv4 = Ipv4Header.Create(V4Host, V4Peer, IpProtocol.Tcp, ttl, identification: 7, dontFragment: true),
        Tcp = new TcpSegment(40001, 80, 1_000_000, 0, TcpFlags.Syn, 64240, null, 0, [new TcpOption.MaxSegmentSize(1460)], Bytes.Empty),
    };

    public static Frame Udp6Datagram(ushort destinationPort) => new()
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(Router, Host, EtherType.Ipv6, []),
        Ipv6 = new Ipv6Header(0, 0, null, IpProtocol.Udp, 64, V6Host, V6Peer),
        Udp = Enet.Codecs.UdpDatagram.Create(40002, destinationPort, "hello"u8.ToArray()),
    };

    /// <summary>Port unreachable (RFC 792 code 3) for a UDP datagram to <paramref name="port"/>.</summary>
    public static byte[] PortUnreachable(ushort port = 9999) =>
        V4Error(Icmpv4Message.DestinationUnreachable(3, Quote(UdpDatagram(port), 28)));

    /// <summary>Time exceeded in transit (code 0) for a TCP SYN whose TTL ran out.</summary>
    public static byte[] TimeExceeded() => V4Error(Icmpv4Message.TimeExceeded(0, Quote(TcpSyn(1), 28)));

    /// <summary>RFC 4443 3.1 code 4, quoting the whole offending packet.</summary>
    public static byte[] Port6Unreachable(ushort port = 9999)
    {
        var quoted = Udp6Datagram(port).ToArray()[14..];
        return V6Error(new Icmpv6Message(Icmpv6Type.DestinationUnreachable, 4, null, 0, quoted));
    }

    /// <summary>RFC 4443 3.3 code 0 for the same datagram.</summary>
    public static byte[] Time6Exceeded()
    {
        var quoted = Udp6Datagram(33434).ToArray()[14..];
        return V6Error(new Icmpv6Message(Icmpv6Type.TimeExceeded, 0, null, 0, quoted));
    }

    /// <summary>A port unreachable whose quote stops inside the IP header: it must stay raw.</summary>
    public static byte[] ShortQuote() => V4Error(Icmpv4Message.DestinationUnreachable(3, Quote(UdpDatagram(9999), 12)));

    private static byte[] Quote(Frame frame, int length) => frame.ToArray()[14..(14 + length)];

    public static byte[] V4Error(Icmpv4Message icmp) => new Frame
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(Host, Router, EtherType.Ipv4, []),
        Ipv4 = Ipv4Header.Create(V4Peer, V4Host, IpProtocol.Icmp, identification: 99),
        Icmpv4 = icmp,
    }.ToArray();

    public static byte[] V6Error(Icmpv6Message icmp) => new Frame
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(Host, Router, EtherType.Ipv6, []),
        Ipv6 = new Ipv6Header(0, 0, null, IpProtocol.Icmpv6, 64, V6Peer, V6Host),
        Icmpv6 = icmp,
    }.ToArray();
}
