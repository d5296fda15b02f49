using System.Buffers.Binary;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Tcp;

/// <summary>Builds a segment and hands it to the IP layer of its connection's family, checksum over the pseudo-header
/// (RFC 9293 3.1; RFC 8200 8.1 over IPv6).</summary>
internal static class TcpOutput
{
    /// <summary>Room left in front of every segment for the IPv4 header (without options) and the Ethernet header,
    /// handed down with it: the IPv4 layer and the interface write their headers there instead of copying the segment
    /// into a new buffer each (Linux's sk_buff headroom, gVisor's prependable header buffer).</summary>
    public const int Headroom = Ipv4Packet.MinHeaderLength + 14;

    /// <summary>A segment sent through <paramref name="ipv4"/> or <paramref name="ipv6"/> (the IPv6 layer), by the
    /// connection's family.</summary>
    public static void Send(Ipv4Output ipv4, IActorRef? ipv6, IActorRef sender, TcpCounters counters, ConnectionId id, SequenceNumber seq,
        SequenceNumber ack, TcpFlags flags, ushort window, ReadOnlySpan<byte> payload, ushort? mss = null, int? windowScale = null,
        byte tos = 0)
    {
        var buffer = Build(id, seq, ack, flags, window, payload.Length, new Options(mss, windowScale, null, false, null), out var segment);
        payload.CopyTo(segment[^payload.Length..]);
        Finish(counters, flags, id, segment);
        Hand(ipv4, ipv6, sender, id, buffer, segment, tos);
    }

    /// <summary>A segment a <see cref="TcpCore"/> sends: its payload, if any, is copied once from the send buffer into
    /// the datagram's buffer.</summary>
    public static void Send(Ipv4Output ipv4, IActorRef? ipv6, IActorRef sender, TcpCounters counters, ConnectionId id, in TcpSegmentOut s, byte tos)
    {
        var buffer = Build(id, s.Seq, s.Ack, s.Flags, s.Window, s.Length,
            new Options(s.Mss, s.WindowScale, s.Timestamps, s.SackPermitted, s.Sack), out var segment);
        s.Data?.CopyTo(s.Offset, segment[^s.Length..]);
        Finish(counters, s.Flags, id, segment);
        Hand(ipv4, ipv6, sender, id, buffer, segment, tos);
    }

    /// <summary>To the IP layer of the connection's family: IPv4's output may send it on this turn; over IPv6 it goes
    /// through the layer's mailbox.</summary>
    private static void Hand(Ipv4Output ipv4, IActorRef? ipv6, IActorRef sender, ConnectionId id, byte[] buffer, Span<byte> segment, byte tos)
    {
        if (!id.IsIpv4)
        {
            ipv6?.Tell(Ipv6Send(id, buffer, segment), sender);
            return;
        }
        ipv4.Send(id.LocalAddress.Ipv4, id.RemoteAddress.Ipv4, IpProtocol.Tcp, Datagram(buffer, segment), Headroom, pooled: true, Dscp(tos), sender);
    }

    /// <summary>The options a segment carries.</summary>
    private readonly record struct Options(ushort? Mss, int? WindowScale, TcpTimestamps? Timestamps, bool SackPermitted,
        SackBlock[]? Sack)
    {
        /// <summary>The MSS option takes 4 bytes; window scale 4 (a NOP and the 3-byte option), and only comes with MSS in
        /// a SYN; SACK-permitted 4 (two NOPs and the 2-byte option); timestamps 12 (two NOPs and the 10-byte option, RFC
        /// 7323 appendix A's layout); SACK blocks 4 + 8 per block (two NOPs, kind and length, RFC 2018 3).</summary>
        public int Length => (Mss is null ? 0 : 4 + (WindowScale is null ? 0 : 4)) + (SackPermitted ? 4 : 0) +
            (Timestamps is null ? 0 : 12) + (Sack is { Length: > 0 } blocks ? 4 + 8 * blocks.Length : 0);
    }

    /// <summary>RFC 9293 3.1: the header, written in place after <see cref="Headroom"/>, with the MSS option (3.2, kind
    /// 2, length 4), the window scale option (RFC 7323 2.2), SACK-permitted (RFC 2018 2), the timestamps option (RFC
    /// 7323 3.2) and SACK blocks (RFC 2018 3) when given; the payload follows it.</summary>
    private static byte[] Build(ConnectionId id, SequenceNumber seq, SequenceNumber ack, TcpFlags flags, ushort window,
        int payloadLength, Options options, out Span<byte> segment)
    {
        var headerLength = TcpPacket.MinimumHeaderLength + options.Length;
        // At least an Ethernet minimum frame long, so the interface pads a bare ACK in place too; the interface gives
        // the buffer back once it is on the link.
        var buffer = FrameBuffers.Rent(Math.Max(Headroom + headerLength + payloadLength, EthOutput.MinimumFrameLength));
        segment = buffer.AsSpan(Headroom, headerLength + payloadLength);
        BinaryPrimitives.WriteUInt16BigEndian(segment, id.LocalPort);
        BinaryPrimitives.WriteUInt16BigEndian(segment[2..], id.RemotePort);
        BinaryPrimitives.WriteUInt32BigEndian(segment[4..], seq.Value);
        BinaryPrimitives.WriteUInt32BigEndian(segment[8..], (flags & TcpFlags.Ack) != 0 ? ack.Value : 0);
        BinaryPrimitives.WriteUInt16BigEndian(segment[12..], (ushort)(headerLength / 4 << 12 | ((ushort)flags & 0x0FFF)));
        BinaryPrimitives.WriteUInt16BigEndian(segment[14..], window);
        // The pooled buffer holds an old frame: the checksum (written last) and the urgent pointer start at zero.
        BinaryPrimitives.WriteUInt32BigEndian(segment[16..], 0);
        var at = TcpPacket.MinimumHeaderLength;
        if (options.Mss is { } m)
        {
            segment[20] = TcpOptionKind.MaxSegmentSize;
            segment[21] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(segment[22..], m);
            if (options.WindowScale is { } shift)
            {
                // RFC 7323 2.2: a NOP before the 3-byte option keeps the header 32-bit aligned.
                segment[24] = TcpOptionKind.NoOperation;
                segment[25] = TcpOptionKind.WindowScale;
                segment[26] = 3;
                segment[27] = (byte)shift;
            }
            at += options.WindowScale is null ? 4 : 8;
        }
        if (options.SackPermitted)
        {
            segment[at] = TcpOptionKind.NoOperation;
            segment[at + 1] = TcpOptionKind.NoOperation;
            segment[at + 2] = TcpOptionKind.SackPermitted;
            segment[at + 3] = 2;
            at += 4;
        }
        if (options.Timestamps is { } ts)
        {
            segment[at] = TcpOptionKind.NoOperation;
            segment[at + 1] = TcpOptionKind.NoOperation;
            segment[at + 2] = TcpOptionKind.Timestamps;
            segment[at + 3] = 10;
            BinaryPrimitives.WriteUInt32BigEndian(segment[(at + 4)..], ts.Value);
            BinaryPrimitives.WriteUInt32BigEndian(segment[(at + 8)..], ts.EchoReply);
            at += 12;
        }
        if (options.Sack is { Length: > 0 } blocks)
        {
            segment[at] = TcpOptionKind.NoOperation;
            segment[at + 1] = TcpOptionKind.NoOperation;
            segment[at + 2] = TcpOptionKind.Sack;
            segment[at + 3] = (byte)(2 + 8 * blocks.Length);
            at += 4;
            foreach (var block in blocks)
            {
                BinaryPrimitives.WriteUInt32BigEndian(segment[at..], block.Left);
                BinaryPrimitives.WriteUInt32BigEndian(segment[(at + 4)..], block.Right);
                at += 8;
            }
        }
        return buffer;
    }

    /// <summary>The connection's type of service for IPv4 (inet(3) {tos, Integer}: "Sets IP_TOS IP level options"). Its
    /// two ECN bits are not the user's: Linux keeps them for TCP's own use on a stream socket (ip_sockglue.c, IP_TOS),
    /// and Enet does no ECN (RFC 3168 6.1.1: Not-ECT, 00), so only the DSCP goes out.</summary>
    private static byte Dscp(byte tos) => (byte)(tos & ~0x03);

    /// <summary>The segment in its buffer, handed to IPv4 with the headroom in front.</summary>
    private static Bytes Datagram(byte[] buffer, Span<byte> segment) => new(buffer.AsMemory(Headroom, segment.Length));

    /// <summary>To the IPv6 layer, which builds its own header around a copy (its header is bigger than the headroom
    /// left for IPv4's, and it takes no pooled buffers); no traffic class (IPV6_TCLASS is not an option here).</summary>
    private static Ipv6.Send Ipv6Send(ConnectionId id, byte[] buffer, Span<byte> segment) =>
        new(id.LocalAddress.Ipv6, id.RemoteAddress.Ipv6, IpProtocol.Tcp, Datagram(buffer, segment));

    /// <summary>The checksum over the pseudo-header and the whole segment, computed once (RFC 9293 3.1; over IPv6 RFC
    /// 8200 8.1's pseudo-header with the 32-bit length), and the counts.</summary>
    private static void Finish(TcpCounters counters, TcpFlags flags, ConnectionId id, Span<byte> segment)
    {
        var pseudoHeader = id.IsIpv4
            ? InternetChecksum.PseudoHeader(id.LocalAddress.Ipv4, id.RemoteAddress.Ipv4, IpProtocol.Tcp, segment.Length)
            : InternetChecksum.PseudoHeader(id.LocalAddress.Ipv6, id.RemoteAddress.Ipv6, IpProtocol.Tcp, segment.Length);
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..], InternetChecksum.Finish(InternetChecksum.Add(pseudoHeader, segment)));
        TcpCounters.Increment(ref counters.OutSegs);
        if ((flags & TcpFlags.Rst) != 0)
            TcpCounters.Increment(ref counters.OutRsts);
    }

    /// <summary>RFC 9293 3.10.7.1 (CLOSED) and 3.10.7.2 (LISTEN, an ACK): the reset answering a segment nobody holds.
    /// A RST is never answered. If the segment has an ACK the reset takes its sequence number from it; otherwise it
    /// has sequence 0 and acknowledges all the segment occupied (SYN and FIN count).</summary>
    public static void Reset(Ipv4Output ipv4, IActorRef? ipv6, IActorRef sender, TcpCounters counters, ConnectionId id, TcpPacket segment)
    {
        var flags = segment.Flags;
        if ((flags & TcpFlags.Rst) != 0)
            return;
        if ((flags & TcpFlags.Ack) != 0)
            Send(ipv4, ipv6, sender, counters, id, new SequenceNumber(segment.AcknowledgmentNumber), default, TcpFlags.Rst, 0, []);
        else
            Send(ipv4, ipv6, sender, counters, id, default, new SequenceNumber(segment.SequenceNumber) + SegmentLength(segment),
                TcpFlags.Rst | TcpFlags.Ack, 0, []);
    }

    /// <summary>RFC 9293 3.4: SEG.LEN counts the data and the SYN and FIN controls.</summary>
    public static int SegmentLength(TcpPacket segment) =>
        segment.Payload.Length + ((segment.Flags & TcpFlags.Syn) != 0 ? 1 : 0) + ((segment.Flags & TcpFlags.Fin) != 0 ? 1 : 0);
}
