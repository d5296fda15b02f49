using Enet.Codecs.Capture;

namespace Enet.Codecs.Frames;

/// <summary>
/// One frame decoded as far as Enet understands it: each layer that decoded is set, the rest is raw.
/// Emitting it always gives back the bytes it was decoded from: <see cref="Payload"/> holds whatever follows
/// the last decoded layer inside the network datagram (an unknown protocol, a fragment, a layer that
/// failed to decode), <see cref="Trailer"/> whatever follows the datagram in the frame (Ethernet padding,
/// an FCS, junk).
/// </summary>
public sealed record Frame
{
    public required LinkType LinkType { get; init; }
    public EthernetHeader? Ethernet { get; init; }
    public ArpMessage? Arp { get; init; }
    public Ipv4Header? Ipv4 { get; init; }
    public Ipv6Header? Ipv6 { get; init; }
    public Icmpv4Message? Icmpv4 { get; init; }
    public Icmpv6Message? Icmpv6 { get; init; }
    public UdpDatagram? Udp { get; init; }
    public TcpSegment? Tcp { get; init; }
    public Bytes Payload { get; init; }
    public Bytes Trailer { get; init; }

    /// <summary>The first layer that could not be decoded, with its offset in the frame; null when every
    /// layer Enet knows decoded.</summary>
    public DecodeError? Error { get; init; }

    /// <summary>The IPv4 header checksum as received; null when there is no IPv4 header.</summary>
    public ChecksumStatus? NetworkChecksum { get; init; }

    /// <summary>The ICMP/UDP/TCP checksum as received; null when not verifiable (no transport layer, or the
    /// capture holds only part of the datagram).</summary>
    public ChecksumStatus? TransportChecksum { get; init; }

    /// <summary>The number of bytes <see cref="Emit"/> writes.</summary>
    public int Length =>
        (Ethernet?.Length ?? 0) + (Arp?.Length ?? 0) + (Ipv4?.Length ?? 0) + (Ipv6?.Length ?? 0) + TransportLength +
        Payload.Length + Trailer.Length;

    private int TransportLength => (Icmpv4?.Length ?? 0) + (Icmpv6?.Length ?? 0) + (Udp?.Length ?? 0) + (Tcp?.Length ?? 0);

    /// <summary>Writes the frame: headers as represented (a null length or checksum field is computed), then
    /// the raw payload and trailer.</summary>
    public int Emit(Span<byte> destination)
    {
        var at = 0;
        if (Ethernet is not null)
        {
            Ethernet.Emit(destination);
            at += Ethernet.Length;
        }
        if (Arp is not null)
        {
            Arp.Emit(destination[at..]);
            at += Arp.Length;
        }
        var upperLength = TransportLength + Payload.Length;
        var pseudoHeader = 0u;
        if (Ipv4 is not null)
        {
            Ipv4.Emit(destination[at..], upperLength);
            at += Ipv4.Length;
            pseudoHeader = InternetChecksum.PseudoHeader(Ipv4.Source, Ipv4.Destination, TransportProtocol, TransportLength);
        }
        else if (Ipv6 is not null)
        {
            Ipv6.Emit(destination[at..], upperLength);
            at += Ipv6.Length;
            pseudoHeader = InternetChecksum.PseudoHeader(Ipv6.Source, Ipv6.PseudoHeaderDestination, TransportProtocol, TransportLength);
        }
        at += EmitTransport(destination[at..], pseudoHeader);
        Payload.Span.CopyTo(destination[at..]);
        at += Payload.Length;
        Trailer.Span.CopyTo(destination[at..]);
        return at + Trailer.Length;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        Emit(bytes);
        return bytes;
    }

    private IpProtocol TransportProtocol =>
        Tcp is not null ? IpProtocol.Tcp : Udp is not null ? IpProtocol.Udp : Icmpv6 is not null ? IpProtocol.Icmpv6 : IpProtocol.Icmp;

    private int EmitTransport(Span<byte> destination, uint pseudoHeader)
    {
        if (Tcp is not null)
            Tcp.Emit(destination, pseudoHeader);
        else if (Udp is not null)
            Udp.Emit(destination, pseudoHeader);
        else if (Icmpv6 is not null)
            Icmpv6.Emit(destination, pseudoHeader);
        else
            Icmpv4?.Emit(destination);
        return TransportLength;
    }
}
