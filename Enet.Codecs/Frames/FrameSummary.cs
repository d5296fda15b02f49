using System.Text;

namespace Enet.Codecs.Frames;

/// <summary>One tcpdump-like line for a decoded frame (absolute sequence numbers, as `tcpdump -S` prints).</summary>
public static class FrameSummary
{
    public static string Format(Frame frame)
    {
        var line = new StringBuilder();
        if (frame.Arp is { } arp)
            Arp(line, arp);
        else if (frame.Ipv4 is { } v4)
            Network(line.Append("IP "), frame, v4.Source.ToString(), v4.Destination.ToString(), v4.Protocol, v4.IsFragment);
        else if (frame.Ipv6 is { } v6)
            Network(line.Append("IP6 "), frame, v6.Source.ToString(), v6.Destination.ToString(), v6.UpperLayerProtocol, v6.Fragment is not null);
        else if (frame.Ethernet is { } ethernet)
            line.Append($"{ethernet.Source} > {ethernet.Destination}, ethertype 0x{(ushort)ethernet.EtherType:x4}, length {frame.Payload.Length}");
        else
            line.Append($"{frame.LinkType}, length {frame.Payload.Length}");
        if (frame.Error is { } error)
            line.Append($" [{error}]");
        return line.ToString();
    }

    private static void Arp(StringBuilder line, ArpMessage arp)
    {
        line.Append("ARP, ");
        line.Append(arp.Operation switch
        {
            ArpOperation.Request => $"Request who-has {arp.TargetProtocolAddress} tell {arp.SenderProtocolAddress}",
            ArpOperation.Reply => $"Reply {arp.SenderProtocolAddress} is-at {arp.SenderHardwareAddress}",
            var other => $"operation {(ushort)other} {arp.SenderProtocolAddress} > {arp.TargetProtocolAddress}",
        });
        line.Append($", length {arp.Length}");
    }

    private static void Network(StringBuilder line, Frame frame, string source, string destination, IpProtocol protocol, bool fragment)
    {
        if (frame.Tcp is { } tcp)
        {
            line.Append($"{source}.{tcp.SourcePort} > {destination}.{tcp.DestinationPort}: Flags [{TcpFlagLetters(tcp.Flags)}]");
            line.Append($", seq {tcp.SequenceNumber}");
            if ((tcp.Flags & TcpFlags.Ack) != 0)
                line.Append($", ack {tcp.AcknowledgmentNumber}");
            line.Append($", win {tcp.Window}");
            if (!tcp.Options.IsDefaultOrEmpty)
                line.Append(", options [").AppendJoin(',', tcp.Options.Select(TcpOptionText)).Append(']');
            line.Append($", length {tcp.Payload.Length}");
        }
        else if (frame.Udp is { } udp)
            line.Append($"{source}.{udp.SourcePort} > {destination}.{udp.DestinationPort}: UDP, length {udp.Payload.Length}");
        else if (frame.Icmpv4 is { } icmp)
            line.Append($"{source} > {destination}: ICMP {Icmpv4Text(icmp)}, length {icmp.Data.Length + 8}");
        else if (frame.Icmpv6 is { } icmp6)
            line.Append($"{source} > {destination}: ICMP6, {Icmpv6Text(icmp6)}, length {icmp6.Length}");
        else
            line.Append($"{source} > {destination}: {(fragment ? "fragment of " : "")}{ProtocolName(protocol)}, length {frame.Payload.Length}");
    }

    private static string ProtocolName(IpProtocol protocol) =>
        Enum.IsDefined(protocol) ? protocol.ToString().ToLowerInvariant() : $"ip-proto-{(byte)protocol}";

    /// <summary>tcpdump's flag letters: S F P R . (ACK) U E W.</summary>
    private static string TcpFlagLetters(TcpFlags flags)
    {
        var letters = new StringBuilder();
        if ((flags & TcpFlags.Syn) != 0) letters.Append('S');
        if ((flags & TcpFlags.Fin) != 0) letters.Append('F');
        if ((flags & TcpFlags.Psh) != 0) letters.Append('P');
        if ((flags & TcpFlags.Rst) != 0) letters.Append('R');
        if ((flags & TcpFlags.Urg) != 0) letters.Append('U');
        if ((flags & TcpFlags.Ece) != 0) letters.Append('E');
        if ((flags & TcpFlags.Cwr) != 0) letters.Append('W');
        if ((flags & TcpFlags.Ack) != 0) letters.Append('.');
        return letters.Length == 0 ? "none" : letters.ToString();
    }

    private static string TcpOptionText(TcpOption option) => option switch
    {
        TcpOption.EndOfOptionList => "eol",
        TcpOption.NoOperation => "nop",
        TcpOption.MaxSegmentSize(var mss) => $"mss {mss}",
        TcpOption.WindowScale(var shift) => $"wscale {shift}",
        TcpOption.SackPermitted => "sackOK",
        TcpOption.Sack(var blocks) => $"sack {blocks.Length} " + string.Join(' ', blocks.Select(b => $"{{{b.Left}:{b.Right}}}")),
        TcpOption.Timestamps(var value, var echo) => $"TS val {value} ecr {echo}",
        TcpOption.UnknownOption(var kind, var data) => $"unknown-{kind} 0x{data}",
        _ => option.ToString(),
    };

    private static string Icmpv4Text(Icmpv4Message icmp) => IcmpErrorText.Icmpv4(icmp) ?? icmp.Type switch
    {
        Icmpv4Type.EchoRequest => $"echo request, id {icmp.Identifier}, seq {icmp.SequenceNumber}",
        Icmpv4Type.EchoReply => $"echo reply, id {icmp.Identifier}, seq {icmp.SequenceNumber}",
        Icmpv4Type.DestinationUnreachable => $"unreachable, code {icmp.Code}",
        Icmpv4Type.Redirect => $"redirect to {icmp.GatewayAddress}, code {icmp.Code}",
        var type => $"type {(byte)type}, code {icmp.Code}",
    };

    private static string Icmpv6Text(Icmpv6Message icmp) => IcmpErrorText.Icmpv6(icmp) ?? icmp.Type switch
    {
        Icmpv6Type.EchoRequest => "echo request",
        Icmpv6Type.EchoReply => "echo reply",
        Icmpv6Type.NeighborSolicitation => "neighbor solicitation",
        Icmpv6Type.NeighborAdvertisement => "neighbor advertisement",
        Icmpv6Type.RouterSolicitation => "router solicitation",
        Icmpv6Type.RouterAdvertisement => "router advertisement",
        var type => $"type {(byte)type}, code {icmp.Code}",
    };
}
