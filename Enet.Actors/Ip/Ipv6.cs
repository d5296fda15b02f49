using Enet.Actors.Ndp;
using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>The messages an <see cref="Ipv6Layer"/> understands and sends, in one place; they mirror <see cref="Ipv4"/>'s.</summary>
public static class Ipv6
{
    /// <summary>Deliver datagrams whose upper-layer header is <paramref name="Protocol"/> to the sender; answered with
    /// <see cref="Registered"/>. ICMPv6 neighbour discovery stays in the layer; the other ICMPv6 types go to the
    /// registered ICMPv6 handler.</summary>
    public sealed record Register(IpProtocol Protocol)
    {
        /// <summary>Offered each whole unicast packet of the protocol first, on the link reader's thread.</summary>
        public IIpv6FastPath? FastPath { get; init; }
    }

    public sealed record Registered(IpProtocol Protocol);

    /// <summary>A datagram (reassembled if it came in fragments) for one of our addresses, or for a multicast group we
    /// joined when <paramref name="ToMulticast"/>; the upper-layer bytes copied out of the frame.</summary>
    public sealed record Datagram(string Interface, Ipv6Header Header, Bytes Payload, bool ToMulticast);

    /// <summary>Send <paramref name="Payload"/> as the upper layer <paramref name="Protocol"/>. <see cref="Ipv6Address.Unspecified"/>
    /// as the source picks one of ours for the destination (RFC 6724's rules that matter here: same scope, on-link
    /// prefix). With <paramref name="ChecksumOffset"/> the layer writes the upper-layer checksum over the pseudo-header
    /// at that offset once it knows the source (RFC 8200 8.1; the IPV6_CHECKSUM of RFC 3542 3.1); the field must be zero.</summary>
    public sealed record Send(Ipv6Address Source, Ipv6Address Destination, IpProtocol Protocol, Bytes Payload,
        byte? HopLimit = null, int? ChecksumOffset = null);

    /// <summary>To the protocol registered for the quoted packet's upper layer: an ICMPv6 Packet Too Big (RFC 4443 3.2)
    /// said a packet from <paramref name="Source"/> to <paramref name="Destination"/> met a link of <paramref name="Mtu"/>
    /// bytes; <paramref name="Quoted"/> is as much of its upper-layer header and data as came back. The layer has already
    /// lowered its path MTU for the destination (RFC 8201 4); TCP sizes its segments to it (RFC 8201 5.2).</summary>
    public sealed record PacketTooBig(Ipv6Address Source, Ipv6Address Destination, int Mtu, Bytes Quoted);

    public sealed record GetProtocols
    {
        public static GetProtocols Instance { get; } = new();
    }

    /// <summary>The upper-layer protocols registered, so a starter can wait for its services to be in place.</summary>
    public sealed record Protocols(IReadOnlyList<IpProtocol> Registered);

    public sealed record GetStatistics
    {
        public static GetStatistics Instance { get; } = new();
    }

    /// <summary>Counters named after RFC 4293's ipSystemStatsTable, and icmpStatsOutErrors with the errors the rate
    /// limit held back (RFC 4443 2.4(f)).</summary>
    public sealed record Statistics(long InReceives, long InHdrErrors, long InAddrErrors, long InUnknownProtos,
        long InTruncatedPkts, long InDiscards, long InDelivers, long ReasmReqds, long ReasmOKs, long ReasmFails,
        long OutRequests, long OutNoRoutes, long OutDiscards, long OutFragReqds, long OutFragOKs, long OutFragFails,
        long OutFragCreates, long OutTransmits, long IcmpOutErrors, long IcmpOutRateLimited);

    public sealed record GetAddresses
    {
        public static GetAddresses Instance { get; } = new();
    }

    public sealed record Address(Ipv6Cidr Cidr, Ipv6AddressState State);

    /// <summary>Our addresses, link-local first, as `ip -6 addr` lists them.</summary>
    public sealed record Addresses(IReadOnlyList<Address> All);

    public sealed record GetNeighbors
    {
        public static GetNeighbors Instance { get; } = new();
    }

    /// <summary>The neighbour cache, as `ip -6 neigh` shows it, and how many packets waiting in it were dropped.</summary>
    public sealed record Neighbors(IReadOnlyList<Neighbor> Entries, long DroppedPackets);
}
