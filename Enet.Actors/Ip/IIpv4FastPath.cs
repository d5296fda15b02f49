using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// A protocol's hook for taking a whole unicast datagram on the link reader's thread (<see cref="Ipv4Receive"/>) instead
/// of as a <see cref="Ipv4.Datagram"/> through the IPv4 layer's and the protocol actor's mailboxes (Linux's early
/// demux): TCP hands an established connection's segments straight to the connection. It runs on another actor's
/// thread, so it only reads state its protocol publishes for that (a concurrent table) and never blocks.
/// </summary>
public interface IIpv4FastPath
{
    /// <summary>True when it took the datagram (and counted it); false leaves it to the protocol actor, which sees it as
    /// if there were no fast path. <paramref name="payload"/> is borrowed: whoever keeps it copies it.
    /// <paramref name="checksumVerified"/>: the link vouches for the transport checksum (<see cref="FrameBus.FrameHeader.ChecksumVerified"/>).</summary>
    bool TryTake(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload, bool checksumVerified);
}
