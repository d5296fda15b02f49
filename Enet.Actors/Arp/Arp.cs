using Enet.Codecs;

namespace Enet.Actors.Arp;

/// <summary>The messages an <see cref="ArpCache"/> understands and answers, in one place.</summary>
public static class Arp
{
    /// <summary>Answer requests for <paramref name="Address"/> with <paramref name="Mac"/>. An address of our own is
    /// announced with gratuitous ARP (RFC 5227 2.3); a <paramref name="Proxy"/> entry answers on another host's
    /// behalf (RFC 1027) and is not announced. Answered with <see cref="Published"/>.</summary>
    public sealed record Publish(MacAddress Mac, Ipv4Address Address, bool Proxy = false);

    public sealed record Published(Ipv4Address Address);

    public sealed record Unpublish(Ipv4Address Address);

    /// <summary>Find the MAC of <paramref name="Address"/>; answered with <see cref="Resolved"/> or, after the
    /// retries, <see cref="ResolveFailed"/>.</summary>
    public sealed record Resolve(Ipv4Address Address);

    public sealed record Resolved(Ipv4Address Address, MacAddress Mac);

    public sealed record ResolveFailed(Ipv4Address Address);

    /// <summary>Send <paramref name="Payload"/> to the neighbour <paramref name="NextHop"/>, resolving it first if
    /// needed; while unresolved the packet waits in a bounded queue (RFC 1122 2.3.2.2).</summary>
    public sealed record Transmit(Ipv4Address NextHop, EtherType EtherType, Bytes Payload)
    {
        /// <summary>As <see cref="Interface.Eth.Transmit.Headroom"/>: passed on when the neighbour is known.</summary>
        public int Headroom { get; init; }

        /// <summary>As <see cref="Interface.Eth.Transmit.Pooled"/>.</summary>
        public bool Pooled { get; init; }
    }

    public sealed record GetTable
    {
        public static GetTable Instance { get; } = new();
    }

    public sealed record Entry(Ipv4Address Address, MacAddress Mac, DateTimeOffset Confirmed);

    /// <summary>The cache as `ip neigh` would show it, plus what is being resolved, how many waiting packets
    /// were dropped (queue full, or resolution failed) and how many ARP packets claimed one of our addresses.</summary>
    public sealed record Table(IReadOnlyList<Entry> Entries, IReadOnlyList<Ipv4Address> Resolving,
        IReadOnlyList<Publish> Publications, long DroppedPackets, long AddressConflicts);
}
