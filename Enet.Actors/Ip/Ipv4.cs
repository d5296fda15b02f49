using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>The messages an <see cref="Ipv4Layer"/> understands and sends, in one place.</summary>
public static class Ipv4
{
    /// <summary>Deliver datagrams of <paramref name="Protocol"/> to the sender; answered with <see cref="Registered"/>.</summary>
    public sealed record Register(IpProtocol Protocol);

    public sealed record Registered(IpProtocol Protocol);

    /// <summary>A datagram for one of our addresses, or for a broadcast address when <paramref name="ToBroadcast"/>;
    /// its payload copied out of the frame.</summary>
    public sealed record Datagram(string Interface, Ipv4Header Header, Bytes Payload, bool ToBroadcast);

    /// <summary>Send <paramref name="Payload"/>; <see cref="Ipv4Address.Any"/> as the source picks the interface address
    /// on the destination's subnet (RFC 1122 3.3.4.3).</summary>
    public sealed record Send(Ipv4Address Source, Ipv4Address Destination, IpProtocol Protocol, Bytes Payload, byte? Ttl = null);

    public sealed record GetStatistics
    {
        public static GetStatistics Instance { get; } = new();
    }

    /// <summary>Counters named after RFC 4293's ipSystemStatsTable.</summary>
    public sealed record Statistics(long InReceives, long InHdrErrors, long InAddrErrors, long InUnknownProtos,
        long ReasmFails, long InDelivers, long OutRequests, long OutNoRoutes, long OutDiscards);
}
