using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// A protocol's hook for taking a whole unicast IPv6 packet with no extension headers on the link reader's thread
/// (<see cref="Ipv6Receive"/>), as <see cref="IIpv4FastPath"/> does for IPv4: TCP hands an established connection's
/// segments straight to the connection. It runs on another actor's thread, so it only reads state its protocol
/// publishes for that and never blocks.
/// </summary>
public interface IIpv6FastPath
{
    /// <summary>True when it took the packet's upper-layer bytes (and counted them); false leaves the packet to the IPv6
    /// layer and the protocol actor, which see it as if there were no fast path. <paramref name="payload"/> is borrowed.
    /// <paramref name="checksumVerified"/>: the link vouches for the transport checksum.</summary>
    bool TryTake(Ipv6Address source, Ipv6Address destination, ReadOnlySpan<byte> payload, bool checksumVerified);
}
