using Enet.Codecs;

namespace Enet.Actors.Ndp;

/// <summary>What a <see cref="NeighborCache"/> asks of the IPv6 layer that owns it: the cache decides, the layer
/// sends and keeps the actor timers, so virtual time drives the state machine in tests.</summary>
public interface INeighborCacheOutput
{
    /// <summary>Send a neighbour solicitation for <paramref name="target"/>: multicast to its solicited-node group
    /// when <paramref name="unicast"/> is null (address resolution), else unicast to it (a probe, RFC 4861 7.3.3).</summary>
    void Solicit(Ipv6Address target, MacAddress? unicast);

    /// <summary>Send an IPv6 packet to the neighbour at <paramref name="destination"/>.</summary>
    void Transmit(MacAddress destination, Bytes packet);

    /// <summary>Call <see cref="NeighborCache.OnTimer"/> for <paramref name="address"/> after <paramref name="delay"/>,
    /// replacing the entry's earlier timer.</summary>
    void ArmTimer(Ipv6Address address, TimeSpan delay);

    /// <summary>Resolution of <paramref name="address"/> failed: <paramref name="packets"/> that waited for it are
    /// dropped (RFC 4861 7.2.2 would send address unreachable errors for them).</summary>
    void Unreachable(Ipv6Address address, IReadOnlyList<Bytes> packets);
}
