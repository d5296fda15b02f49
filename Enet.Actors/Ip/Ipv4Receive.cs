using Enet.Actors.FrameBus;
using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// The IPv4 layer's receive path on the link reader's thread (<see cref="IFrameFastPath"/>), for the datagrams that
/// need none of the layer actor's state: whole (not fragments), unicast to one of the host's addresses from a single
/// host, header checksum good, of a protocol that registered an <see cref="IIpv4FastPath"/> which takes it. Such a
/// datagram skips the layer's queue and mailbox: an established TCP connection's segment goes from the link reader to
/// the connection in one hop. Every other frame, and every one a check here declines, goes to the layer's queue and
/// is validated, counted and delivered there exactly as before (a declined frame is not counted here).
/// </summary>
internal sealed class Ipv4Receive(Ipv4RoutingTable routes) : IFrameFastPath
{
    private readonly FastPathTable<IIpv4FastPath> fastPaths = new();

    /// <summary>The datagrams taken here (each received and delivered, RFC 4293's InReceives and InDelivers).</summary>
    public long Received => fastPaths.Taken;

    public void Register(IpProtocol protocol, IIpv4FastPath? fastPath) => fastPaths.Register(protocol, fastPath);

    public bool TryTake(FrameView frame)
    {
        if (frame.Header.Destination.IsBroadcast || frame.Header.Destination.IsMulticast || frame.Header.IpProtocol is not { } protocol ||
            fastPaths.For(protocol) is not { } fastPath ||
            !Ipv4Packet.TryParse(frame.Network, out var packet, out _) || packet.IsTruncated || packet.IsFragment ||
            // RFC 1122 3.2.1.2-3, as the layer checks them: a good header checksum, a single-host source, ours as destination.
            packet.VerifyChecksum() != ChecksumStatus.Good || !routes.IsSingleHost(packet.Source) || !routes.IsLocal(packet.Destination) ||
            !fastPath.TryTake(packet.Source, packet.Destination, packet.Payload, frame.Header.ChecksumVerified))
            return false;
        fastPaths.CountTaken();
        return true;
    }
}
