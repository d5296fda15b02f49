using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Ip;

/// <summary>The messages an <see cref="Ipv4Layer"/> understands and sends, in one place.</summary>
public static class Ipv4
{
    /// <summary>Deliver datagrams of <paramref name="Protocol"/> to the sender; answered with <see cref="Registered"/>.</summary>
    public sealed record Register(IpProtocol Protocol)
    {
        /// <summary>Offered each whole unicast datagram of the protocol first, on the link reader's thread.</summary>
        public IIpv4FastPath? FastPath { get; init; }
    }

    /// <summary><paramref name="Output"/>: the layer's direct send path, for the protocol's connections to use.</summary>
    public sealed record Registered(IpProtocol Protocol, Ipv4Output Output);

    /// <summary>A datagram for one of our addresses, or for a broadcast address when <paramref name="ToBroadcast"/>;
    /// its payload copied out of the frame, or the reassembled payload when it came in fragments.</summary>
    public sealed record Datagram(string Interface, Ipv4Header Header, Bytes Payload, bool ToBroadcast);

    /// <summary>Send <paramref name="Payload"/> on the route the host's table picks for <paramref name="Destination"/>
    /// (RFC 1122 3.3.1), fragmented to the route's MTU unless <paramref name="DontFragment"/>, which a datagram
    /// too big for the route then meets as <see cref="FragmentationNeeded"/> (RFC 1191). <see cref="Ipv4Address.Any"/>
    /// as the source picks the address of the outgoing interface on the route (RFC 1122 3.3.4.3). An ICMP
    /// error message sent this way is checked against RFC 1122 3.2.2's rules and rate-limited.</summary>
    public sealed record Send(Ipv4Address Source, Ipv4Address Destination, IpProtocol Protocol, Bytes Payload, byte? Ttl = null,
        bool DontFragment = false)
    {
        /// <summary>Bytes in front of <see cref="Payload"/> in its array that the sender hands over with the message
        /// (it never touches the array again): the layer writes its header there, and passes the rest down, instead of
        /// copying the payload into a new buffer. 0: the payload is only read.</summary>
        public int Headroom { get; init; }

        /// <summary>The array came from <see cref="Interface.FrameBuffers"/>: whoever puts it on the link gives it back.
        /// Only with <see cref="Headroom"/> (the array is handed over); a path that copies instead leaves it to the GC.</summary>
        public bool Pooled { get; init; }

        /// <summary>The header's second byte, RFC 791's type of service, which RFC 2474 3 and RFC 3168 5 split into the
        /// DSCP (upper six bits) and ECN (lower two): a socket's IP_TOS, inet(3)'s {tos, Integer}. 0 by default.</summary>
        public byte Tos { get; init; }
    }

    /// <summary>To the sender of a <see cref="Send"/> with DF that does not fit the route: the local form of ICMP
    /// "fragmentation needed and DF set" (type 3 code 4) with the next-hop MTU of RFC 1191 4.</summary>
    public sealed record FragmentationNeeded(Send Rejected, int NextHopMtu);

    /// <summary>From the host starter: the IPv4 layers of every interface of the host by interface name, so a
    /// datagram whose route leaves through another interface is handed to that interface's layer.</summary>
    public sealed record JoinHost(IReadOnlyDictionary<string, IActorRef> Layers);

    /// <summary>A datagram routed by one layer of a host to the layer of the interface it leaves through.</summary>
    internal sealed record SendOnRoute(Send Send, Ipv4Route Route, IActorRef Requester);

    public sealed record GetRoutes
    {
        public static GetRoutes Instance { get; } = new();
    }

    /// <summary>The host's routing table, most specific route first (as `ip route` shows it).</summary>
    public sealed record Routes(IReadOnlyList<Ipv4Route> Table);

    public sealed record GetStatistics
    {
        public static GetStatistics Instance { get; } = new();
    }

    /// <summary>Counters named after RFC 4293's ipSystemStatsTable, plus the ICMP errors the layer sent, held
    /// back by RFC 1122 3.2.2's rules, and held back by the rate limit.</summary>
    public sealed record Statistics(long InReceives, long InHdrErrors, long InAddrErrors, long InUnknownProtos,
        long ReasmFails, long InDelivers, long OutRequests, long OutNoRoutes, long OutDiscards,
        long ReasmReqds = 0, long ReasmOKs = 0, long OutFragReqds = 0, long OutFragOKs = 0, long OutFragFails = 0,
        long OutFragCreates = 0, long OutTransmits = 0, long IcmpErrorsSent = 0, long IcmpErrorsSuppressed = 0,
        long IcmpErrorsRateLimited = 0);
}
