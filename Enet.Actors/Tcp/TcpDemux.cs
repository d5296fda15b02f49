using System.Collections.Concurrent;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Tcp;

/// <summary>
/// The TCP layer's connection table, shared with the link reader: the layer writes it (its actor alone adds and removes
/// connections), the IPv4 and IPv6 receive paths read it to hand a segment for a known 4-tuple straight to its
/// connection (<see cref="IIpv4FastPath"/>, <see cref="IIpv6FastPath"/>), one hop from the link. Everything else (a SYN, a listener's segment, a reset to send, a bad checksum to
/// count) is left to the layer, which checks it again as it always did.
/// </summary>
internal sealed class TcpDemux(TcpCounters counters) : IIpv4FastPath, IIpv6FastPath
{
    public ConcurrentDictionary<ConnectionId, IActorRef> Connections { get; } = new();

    public bool TryTake(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload, bool checksumVerified) =>
        Take(destination, source, payload, checksumVerified ? null : InternetChecksum.PseudoHeader(source, destination, IpProtocol.Tcp, payload.Length));

    /// <summary>RFC 8200 8.1: over IPv6 the checksum covers its own pseudo-header.</summary>
    public bool TryTake(Ipv6Address source, Ipv6Address destination, ReadOnlySpan<byte> payload, bool checksumVerified) =>
        Take(destination, source, payload, checksumVerified ? null : InternetChecksum.PseudoHeader(source, destination, IpProtocol.Tcp, payload.Length));

    /// <param name="pseudoHeader">The pseudo-header's sum to verify the checksum with; null when the link vouches for it.</param>
    private bool Take(InetAddress local, InetAddress remote, ReadOnlySpan<byte> payload, uint? pseudoHeader)
    {
        // RFC 9293 3.1: the checksum covers the pseudo-header; verified once here (or by the link, which computed an
        // offloaded one itself), the connection does not again.
        if (!TcpPacket.TryParse(payload, out var segment, out _) ||
            !Connections.TryGetValue(new ConnectionId(local, segment.DestinationPort, remote, segment.SourcePort), out var connection) ||
            pseudoHeader is { } sum && segment.VerifyChecksum(sum) != ChecksumStatus.Good)
            return false;
        TcpCounters.Increment(ref counters.InSegs);
        // The one copy on the way in: out of the link's buffer, which goes back to the pool when the bus is done with it.
        connection.Tell(new TcpConnectionShell.Inbound(Bytes.CopyFrom(payload)), ActorRefs.NoSender);
        return true;
    }
}
