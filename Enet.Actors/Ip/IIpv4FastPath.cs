using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// A protocol's hook for taking a whole unicast datagram on the IPv4 layer's own turn instead of as a
/// <see cref="Ipv4.Datagram"/> through the protocol actor's mailbox (Linux's early demux): TCP hands an established
/// connection's segments straight to the connection, one actor hop fewer per segment. It runs on the layer's thread, so
/// it only reads state its protocol publishes for that (a concurrent table) and never blocks.
/// </summary>
public interface IIpv4FastPath
{
    /// <summary>True when it took the datagram (and counted it); false leaves it to the protocol actor, which sees it as
    /// if there were no fast path. <paramref name="payload"/> is borrowed: whoever keeps it copies it.</summary>
    bool TryTake(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload);
}
