using Enet.Actors.FrameBus;
using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// The IPv6 layer's receive path on the link reader's thread (<see cref="IFrameFastPath"/>), for the packets that need
/// none of the layer actor's state: whole, unicast to one of the host's preferred addresses, the upper layer right
/// after the fixed header (an extension header is the layer's to process, RFC 8200 4), of a protocol that registered
/// an <see cref="IIpv6FastPath"/> which takes it. Everything else goes to the layer's queue and is handled there as
/// before (a declined packet is not counted here).
/// </summary>
internal sealed class Ipv6Receive : IFrameFastPath
{
    private readonly FastPathTable<IIpv6FastPath> fastPaths = new();

    /// <summary>The preferred addresses (RFC 4862 5.4: never a tentative or duplicated one), published by the layer.</summary>
    private Ipv6Address[] preferred = [];

    /// <summary>The packets taken here (each received and delivered, RFC 4293's InReceives and InDelivers).</summary>
    public long Received => fastPaths.Taken;

    public void Register(IpProtocol protocol, IIpv6FastPath? fastPath) => fastPaths.Register(protocol, fastPath);

    public void Prefer(Ipv6Address[] addresses) => Volatile.Write(ref preferred, addresses);

    public bool TryTake(FrameView frame)
    {
        if (frame.Header.Destination.IsBroadcast || frame.Header.Destination.IsMulticast || frame.Header.IpProtocol is not { } protocol ||
            fastPaths.For(protocol) is not { } fastPath ||
            !Ipv6Packet.TryParse(frame.Network, out var packet, out _) || packet.IsTruncated || packet.UpperLayerProtocol != protocol ||
            // RFC 4291 2.7: a multicast address is never a source; the destination must be ours and preferred.
            packet.Source.IsMulticast || Array.IndexOf(Volatile.Read(ref preferred), packet.Destination) < 0 ||
            !fastPath.TryTake(packet.Source, packet.Destination, packet.UpperLayerPayload, frame.Header.ChecksumVerified))
            return false;
        fastPaths.CountTaken();
        return true;
    }
}
