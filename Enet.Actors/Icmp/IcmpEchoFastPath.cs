using System.Buffers.Binary;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Icmp;

/// <summary>
/// Answers an echo request to one of the host's unicast addresses on the link reader's thread (<see cref="IIpv4FastPath"/>),
/// as Linux answers it in its receive softirq: the reply is built in a pooled buffer with room for the IPv4 and Ethernet
/// headers and goes out through the layer's <see cref="Ipv4Output"/>, so a ping crosses no mailbox when the neighbour is
/// known. Until the layer has handed over its output, and for anything but a whole echo request with a good checksum,
/// it declines and <see cref="IcmpResponder"/> sees the message as before.
/// </summary>
internal sealed class IcmpEchoFastPath : IIpv4FastPath
{
    private const int Headroom = 14 + Ipv4Packet.MinHeaderLength;
    private Ipv4Output? output;
    private long answered;

    /// <summary>Echo requests answered here rather than by the responder actor.</summary>
    public long Answered => Interlocked.Read(ref answered);

    public void Attach(Ipv4Output layerOutput) => Volatile.Write(ref output, layerOutput);

    public bool TryTake(Ipv4Address source, Ipv4Address destination, ReadOnlySpan<byte> payload, bool checksumVerified)
    {
        // RFC 1122 3.2.2: a message with a bad checksum is discarded (by the responder, which logs it).
        if (Volatile.Read(ref output) is not { } ipv4 || !Icmpv4Packet.TryParse(payload, out var request, out _) ||
            request.Type != Icmpv4Type.EchoRequest || request.Code != 0 || request.VerifyChecksum() != ChecksumStatus.Good)
            return false;
        var buffer = FrameBuffers.Rent(Math.Max(Headroom + payload.Length, EthOutput.MinimumFrameLength));
        var reply = buffer.AsSpan(Headroom, payload.Length);
        // RFC 792: type 0 with identifier, sequence and data echoed ("entirely and unmodified", RFC 1122 3.2.2.6), and
        // the checksum computed again; RFC 1122 3.2.2.6: the reply's source is the request's specific destination.
        payload.CopyTo(reply);
        reply[0] = (byte)Icmpv4Type.EchoReply;
        BinaryPrimitives.WriteUInt16BigEndian(reply[2..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(reply[2..], InternetChecksum.Compute(reply));
        ipv4.Send(destination, source, IpProtocol.Icmp, new Bytes(buffer.AsMemory(Headroom, payload.Length)), Headroom, pooled: true,
            tos: 0, ActorRefs.Nobody);
        Interlocked.Increment(ref answered);
        return true;
    }
}
