using Enet.Codecs;

namespace Enet.Fuzz.Targets;

/// <summary>
/// Each L4 codec (and ARP) on its own: the view parses or says why not, every accessor of a parsed view reads
/// without throwing, and the representation of what parsed emits the same bytes (RFC 9293 3.1 options and
/// padding, RFC 4861 4.6 NDP options and the UDP length field's bound included).
/// </summary>
public static class TransportTargets
{
    public static FuzzTarget Udp { get; } = new("udp", CheckUdp, seeds => seeds.Transport(f => f.Udp is not null));

    public static FuzzTarget Tcp { get; } = new("tcp", CheckTcp, seeds => seeds.Transport(f => f.Tcp is not null));

    public static FuzzTarget Icmpv4 { get; } = new("icmp", CheckIcmpv4, seeds => seeds.Transport(f => f.Icmpv4 is not null));

    public static FuzzTarget Icmpv6 { get; } = new("icmpv6", CheckIcmpv6, seeds => seeds.Transport(f => f.Icmpv6 is not null));

    public static FuzzTarget Arp { get; } = new("arp", CheckArp, seeds => seeds.AfterEthernet(f => f.Arp is not null));

    private static void CheckUdp(ReadOnlySpan<byte> bytes)
    {
        if (!UdpPacket.TryParse(bytes, out var view, out _))
            return;
        _ = (view.SourcePort, view.DestinationPort, view.Checksum, view.IsTruncated, view.Payload.Length, view.VerifyChecksum(0));
        var datagram = UdpDatagram.FromPacket(view);
        // A datagram ends at its length field (RFC 768); what follows is the link's padding.
        ContractViolation.RequireSame(bytes[..Math.Min(bytes.Length, view.Length)], Emit(datagram.Length, d => datagram.Emit(d, 0)), "UDP");
        _ = datagram.ToString();
    }

    private static void CheckTcp(ReadOnlySpan<byte> bytes)
    {
        if (!TcpPacket.TryParse(bytes, out var view, out _))
            return;
        _ = (view.SourcePort, view.DestinationPort, view.SequenceNumber, view.AcknowledgmentNumber, view.Flags, view.Window,
            view.Checksum, view.UrgentPointer, view.Options.Length, view.Payload.Length, view.VerifyChecksum(0));
        var reader = view.ReadOptions();
        while (reader.TryRead(out var option))
            _ = (option.Kind, option.Length, option.Data.Length, option.Offset);
        var segment = TcpSegment.FromPacket(view);
        ContractViolation.RequireSame(bytes, Emit(segment.Length, d => segment.Emit(d, 0)), "TCP");
        _ = segment.ToString();
    }

    private static void CheckIcmpv4(ReadOnlySpan<byte> bytes)
    {
        if (!Icmpv4Packet.TryParse(bytes, out var view, out _))
            return;
        _ = (view.Type, view.Code, view.Checksum, view.RestOfHeader, view.Identifier, view.SequenceNumber, view.NextHopMtu,
            view.GatewayAddress, view.Pointer, view.Data.Length, view.VerifyChecksum());
        var message = Icmpv4Message.FromPacket(view);
        ContractViolation.RequireSame(bytes, Emit(message.Length, message.Emit), "ICMPv4");
        _ = message.ToString();
    }

    private static void CheckIcmpv6(ReadOnlySpan<byte> bytes)
    {
        if (!Icmpv6Packet.TryParse(bytes, out var view, out _))
            return;
        _ = (view.Type, view.Code, view.Checksum, view.RestOfHeader, view.Identifier, view.SequenceNumber, view.Mtu,
            view.Body.Length, view.NdpOptions.Length, view.VerifyChecksum(0));
        var message = Icmpv6Message.FromPacket(view);
        ContractViolation.RequireSame(bytes, Emit(message.Length, d => message.Emit(d, 0)), "ICMPv6");
        _ = message.ToString();
        if (!message.TryGetNdp(out var ndp, out _))
            return;
        // The NDP representation alone (RFC 4861 4) rebuilds the message's body.
        var rebuilt = Icmpv6Message.FromNdp(ndp) with { Code = message.Code, Checksum = message.Checksum };
        ContractViolation.RequireSame(bytes, Emit(rebuilt.Length, d => rebuilt.Emit(d, 0)), "NDP");
        _ = ndp.ToString();
    }

    private static void CheckArp(ReadOnlySpan<byte> bytes)
    {
        if (!ArpPacket.TryParse(bytes, out var view, out _))
            return;
        _ = (view.HardwareType, view.ProtocolType, view.HardwareLength, view.ProtocolLength, view.Operation,
            view.SenderHardwareAddress, view.SenderProtocolAddress, view.TargetHardwareAddress, view.TargetProtocolAddress,
            view.Trailer.Length);
        ContractViolation.Require(ArpMessage.TryDecode(bytes, out var message, out var error), $"ARP view parsed, message did not: {error}");
        ContractViolation.RequireSame(bytes[..message.Length], Emit(message.Length, message.Emit), "ARP");
        _ = message.ToString();
    }

    private delegate void Writer(Span<byte> destination);

    private static byte[] Emit(int length, Writer emit)
    {
        var bytes = new byte[length];
        emit(bytes);
        return bytes;
    }
}
