using Enet.Codecs.Capture;

namespace Enet.Codecs.Frames;

/// <summary>
/// Decodes a whole frame layer by layer. Never throws on untrusted bytes: the first layer that fails is
/// reported in <see cref="Frame.Error"/> and its bytes stay raw in <see cref="Frame.Payload"/>, so the
/// result still emits the input exactly.
/// </summary>
public static class FrameDecoder
{
    public static Frame Decode(ReadOnlySpan<byte> bytes, LinkType linkType = LinkType.Ethernet) => linkType switch
    {
        LinkType.Ethernet => DecodeEthernet(bytes),
        LinkType.Raw => (bytes.IsEmpty ? 0 : bytes[0] >> 4) switch
        {
            4 => DecodeIpv4(new Frame { LinkType = linkType }, bytes, 0),
            6 => DecodeIpv6(new Frame { LinkType = linkType }, bytes, 0),
            _ => Raw(new Frame { LinkType = linkType }, bytes, new DecodeError(Layer.Ipv4, 0, "raw IP frame with neither version 4 nor 6")),
        },
        LinkType.Ipv4 => DecodeIpv4(new Frame { LinkType = linkType }, bytes, 0),
        LinkType.Ipv6 => DecodeIpv6(new Frame { LinkType = linkType }, bytes, 0),
        _ => Raw(new Frame { LinkType = linkType }, bytes, new DecodeError(Layer.Link, 0, $"link type {(uint)linkType} is not decoded")),
    };

    private static Frame DecodeEthernet(ReadOnlySpan<byte> bytes)
    {
        var frame = new Frame { LinkType = LinkType.Ethernet };
        if (!EthernetHeader.TryDecode(bytes, out var ethernet, out var error))
            return Raw(frame, bytes, error);
        frame = frame with { Ethernet = ethernet };
        var at = ethernet.Length;
        var payload = bytes[at..];
        return ethernet.EtherType switch
        {
            EtherType.Arp => DecodeArp(frame, payload, at),
            EtherType.Ipv4 => DecodeIpv4(frame, payload, at),
            EtherType.Ipv6 => DecodeIpv6(frame, payload, at),
            _ => frame with { Payload = Bytes.CopyFrom(payload) },
        };
    }

    private static Frame DecodeArp(Frame frame, ReadOnlySpan<byte> bytes, int at)
    {
        if (!ArpMessage.TryDecode(bytes, out var arp, out var error))
            return Raw(frame, bytes, error.Shift(at));
        return frame with { Arp = arp, Trailer = Bytes.CopyFrom(bytes[arp.Length..]) };
    }

    private static Frame DecodeIpv4(Frame frame, ReadOnlySpan<byte> bytes, int at)
    {
        if (!Ipv4Packet.TryParse(bytes, out var view, out var error))
            return Raw(frame, bytes, error.Shift(at));
        var header = Ipv4Header.FromPacket(view);
        var end = Math.Min(view.TotalLength, bytes.Length);
        frame = frame with
        {
            Ipv4 = header,
            NetworkChecksum = view.VerifyChecksum(),
            Trailer = Bytes.CopyFrom(bytes[end..]),
        };
        var payload = bytes[header.Length..end];
        var payloadAt = at + header.Length;
        if (header.IsFragment)
            return frame with { Payload = Bytes.CopyFrom(payload) };
        frame = DecodeTransport(frame, header.Protocol, payload, payloadAt, complete: !view.IsTruncated);
        return view.IsTruncated && frame.Error is null
            ? frame with { Error = Truncated(Layer.Ipv4, at, view.TotalLength, bytes.Length) }
            : frame;
    }

    private static Frame DecodeIpv6(Frame frame, ReadOnlySpan<byte> bytes, int at)
    {
        if (!Ipv6Packet.TryParse(bytes, out var view, out var error))
            return Raw(frame, bytes, error.Shift(at));
        var header = Ipv6Header.FromPacket(view);
        // The view bounds the payload by the declared length (a Jumbo Payload option's for jumbograms).
        var end = Ipv6Packet.HeaderLength + view.Payload.Length;
        frame = frame with { Ipv6 = header, Trailer = Bytes.CopyFrom(bytes[end..]) };
        var payload = bytes[header.Length..end];
        var payloadAt = at + header.Length;
        if (header.Fragment is not null)
            return frame with { Payload = Bytes.CopyFrom(payload) };
        frame = DecodeTransport(frame, header.UpperLayerProtocol, payload, payloadAt, complete: !view.IsTruncated);
        return view.IsTruncated && frame.Error is null
            ? frame with { Error = Truncated(Layer.Ipv6, at, Ipv6Packet.HeaderLength + (int)(view.JumboPayloadLength ?? view.PayloadLength), bytes.Length) }
            : frame;
    }

    /// <param name="complete">False when the capture holds only part of the datagram, so its checksum
    /// cannot be verified.</param>
    private static Frame DecodeTransport(Frame frame, IpProtocol protocol, ReadOnlySpan<byte> bytes, int at, bool complete)
    {
        DecodeError error;
        switch (protocol)
        {
            case IpProtocol.Tcp:
                if (!TcpPacket.TryParse(bytes, out var tcp, out error))
                    break;
                var tcpStatus = complete ? tcp.VerifyChecksum(PseudoHeader(frame, protocol, bytes.Length)) : (ChecksumStatus?)null;
                return frame with { Tcp = TcpSegment.FromPacket(tcp), TransportChecksum = tcpStatus };
            case IpProtocol.Udp:
                if (!UdpPacket.TryParse(bytes, out var udpView, out error))
                    break;
                var udp = UdpDatagram.FromPacket(udpView);
                var udpStatus = complete && !udpView.IsTruncated
                    ? udpView.VerifyChecksum(PseudoHeader(frame, protocol, udpView.Length)) : (ChecksumStatus?)null;
                return frame with { Udp = udp, TransportChecksum = udpStatus, Payload = Bytes.CopyFrom(bytes[udp.Length..]) };
            case IpProtocol.Icmp when frame.Ipv4 is not null:
                if (!Icmpv4Packet.TryParse(bytes, out var icmp, out error))
                    break;
                return frame with { Icmpv4 = Icmpv4Message.FromPacket(icmp), TransportChecksum = complete ? icmp.VerifyChecksum() : null };
            case IpProtocol.Icmpv6 when frame.Ipv6 is not null:
                if (!Icmpv6Packet.TryParse(bytes, out var icmp6, out error))
                    break;
                var icmp6Status = complete ? icmp6.VerifyChecksum(PseudoHeader(frame, protocol, bytes.Length)) : (ChecksumStatus?)null;
                return frame with { Icmpv6 = Icmpv6Message.FromPacket(icmp6), TransportChecksum = icmp6Status };
            default:
                return frame with { Payload = Bytes.CopyFrom(bytes) };
        }
        return Raw(frame, bytes, error.Shift(at));
    }

    private static uint PseudoHeader(Frame frame, IpProtocol protocol, int length) => frame.Ipv4 is { } v4
        ? InternetChecksum.PseudoHeader(v4.Source, v4.Destination, protocol, length)
        : InternetChecksum.PseudoHeader(frame.Ipv6!.Source, frame.Ipv6.PseudoHeaderDestination, protocol, length);

    private static Frame Raw(Frame frame, ReadOnlySpan<byte> bytes, DecodeError error) =>
        frame with { Payload = Bytes.CopyFrom(bytes), Error = error };

    private static DecodeError Truncated(Layer layer, int at, int length, int captured) =>
        new(layer, at + captured, $"truncated: datagram is {length} bytes, capture holds {captured}");
}
