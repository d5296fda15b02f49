namespace Enet.Codecs.Frames;

/// <summary>tcpdump's words for ICMP and ICMPv6 errors (print-icmp.c, print-icmp6.c), read from the quoted
/// datagram: "192.0.2.2 udp port 9999 unreachable". Without a decodable quote only the type and code show.</summary>
internal static class IcmpErrorText
{
    /// <summary>RFC 792 / RFC 1812 5.2.7.1 codes 0..15, as tcpdump prints them ({0} is the quoted destination).</summary>
    private static readonly string[] UnreachableV4 =
    [
        "net {0} unreachable", "host {0} unreachable", "", "", "",
        "{0} unreachable - source route failed", "net {0} unreachable - unknown", "host {0} unreachable - unknown",
        "{0} unreachable - source host isolated", "net {0} unreachable - admin prohibited",
        "host {0} unreachable - admin prohibited", "net {0} unreachable - tos prohibited",
        "host {0} unreachable - tos prohibited", "host {0} unreachable - admin prohibited filter",
        "host {0} unreachable - host precedence violation", "host {0} unreachable - precedence cutoff",
    ];

    /// <summary>RFC 4443 3.1 codes 0..4.</summary>
    private static readonly string[] UnreachableV6 =
        ["unreachable route", "unreachable prohibited", "beyond scope", "unreachable address", "unreachable port"];

    public static string? Icmpv4(Icmpv4Message icmp)
    {
        if (icmp.Type == Icmpv4Type.TimeExceeded)
            return icmp.Code switch { 0 => "time exceeded in-transit", 1 => "ip reassembly time exceeded", _ => $"time exceeded-#{icmp.Code}" };
        if (icmp.Type != Icmpv4Type.DestinationUnreachable || !icmp.TryGetQuoted(out var quoted))
            return null;
        var destination = quoted.Destination;
        return icmp.Code switch
        {
            2 => $"{destination} protocol {(byte)quoted.Protocol} unreachable",
            3 => $"{destination} {Port(quoted)} unreachable",
            4 => $"{destination} unreachable - need to frag (mtu {icmp.NextHopMtu})",
            < 16 => string.Format(UnreachableV4[icmp.Code], destination),
            _ => $"{destination} unreachable - #{icmp.Code}",
        };
    }

    public static string? Icmpv6(Icmpv6Message icmp)
    {
        icmp.TryGetQuoted(out var quoted);
        switch (icmp.Type)
        {
            case Icmpv6Type.DestinationUnreachable:
                var text = "destination unreachable, " + (icmp.Code < UnreachableV6.Length ? UnreachableV6[icmp.Code] : $"unknown unreach code ({icmp.Code})");
                return quoted is null ? text : icmp.Code switch
                {
                    2 => $"{text} {quoted.Destination}, source address {quoted.Ipv6!.Source}",
                    4 => $"{text}, {quoted.Destination} {Port(quoted)}",
                    _ => $"{text} {quoted.Destination}",
                };
            case Icmpv6Type.PacketTooBig:
                return $"packet too big, mtu {icmp.Mtu}";
            case Icmpv6Type.TimeExceeded:
                return icmp.Code switch
                {
                    0 when quoted is not null => $"time exceeded in-transit for {quoted.Destination}",
                    0 => "time exceeded in-transit",
                    1 => "time exceeded in-transit (reassembly)",
                    _ => $"time exceeded in-transit, unknown code ({icmp.Code})",
                };
            case Icmpv6Type.ParameterProblem:
                return icmp.Code switch
                {
                    0 => $"parameter problem, errorneous - octet {icmp.Pointer}",
                    1 => $"parameter problem, next header - octet {icmp.Pointer}",
                    2 => $"parameter problem, option - octet {icmp.Pointer}",
                    _ => $"parameter problem, code-#{icmp.Code}",
                };
            default:
                return null;
        }
    }

    /// <summary>"udp port 9999" / "tcp port 80", or the protocol number when there are no ports to show.</summary>
    private static string Port(QuotedDatagram quoted) => quoted.Protocol switch
    {
        IpProtocol.Udp when quoted.HasTransportHeader => $"udp port {quoted.DestinationPort}",
        IpProtocol.Tcp when quoted.HasTransportHeader => $"tcp port {quoted.DestinationPort}",
        IpProtocol.Udp => "udp port",
        IpProtocol.Tcp => "tcp port",
        var other => $"protocol {(byte)other} port",
    };
}
