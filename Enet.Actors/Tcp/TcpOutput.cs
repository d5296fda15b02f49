using System.Collections.Immutable;
using Enet.Actors.Ip;
using Enet.Codecs;
using Enet.Runtime.Actor;

namespace Enet.Actors.Tcp;

/// <summary>Builds a segment and hands it to the IPv4 layer, checksum over the pseudo-header (RFC 9293 3.1).</summary>
internal static class TcpOutput
{
    /// <summary>RFC 9293 3.2: option kind 2, length 4.</summary>
    private const byte MaxSegmentSizeKind = 2;

    /// <summary>RFC 7323 2.2: option kind 3, length 3.</summary>
    private const byte WindowScaleKind = 3;

    public static void Send(IActorRef ipv4, IActorRef sender, TcpCounters counters, ConnectionId id, SequenceNumber seq,
        SequenceNumber ack, TcpFlags flags, ushort window, ReadOnlySpan<byte> payload, ushort? mss = null, int? windowScale = null)
    {
        var options = mss is { } m
            ? windowScale is { } shift
                // RFC 7323 2.2: a NOP before the 3-byte option keeps the header 32-bit aligned.
                ? ImmutableArray.Create<TcpOption>(new TcpOption.MaxSegmentSize(m), new TcpOption.NoOperation(),
                    new TcpOption.WindowScale((byte)shift))
                : ImmutableArray.Create<TcpOption>(new TcpOption.MaxSegmentSize(m))
            : ImmutableArray<TcpOption>.Empty;
        var segment = new TcpSegment(id.LocalPort, id.RemotePort, seq.Value, flags.HasFlag(TcpFlags.Ack) ? ack.Value : 0, flags,
            window, null, 0, options, Bytes.CopyFrom(payload));
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, InternetChecksum.PseudoHeader(id.LocalAddress, id.RemoteAddress, IpProtocol.Tcp, bytes.Length));
        TcpCounters.Increment(ref counters.OutSegs);
        if (flags.HasFlag(TcpFlags.Rst))
            TcpCounters.Increment(ref counters.OutRsts);
        ipv4.Tell(new Ipv4.Send(id.LocalAddress, id.RemoteAddress, IpProtocol.Tcp, bytes), sender);
    }

    /// <summary>RFC 9293 3.10.7.1 (CLOSED) and 3.10.7.2 (LISTEN, an ACK): the reset answering a segment nobody holds.
    /// A RST is never answered. If the segment has an ACK the reset takes its sequence number from it; otherwise it
    /// has sequence 0 and acknowledges all the segment occupied (SYN and FIN count).</summary>
    public static void Reset(IActorRef ipv4, IActorRef sender, TcpCounters counters, ConnectionId id, TcpPacket segment)
    {
        var flags = segment.Flags;
        if (flags.HasFlag(TcpFlags.Rst))
            return;
        if (flags.HasFlag(TcpFlags.Ack))
            Send(ipv4, sender, counters, id, new SequenceNumber(segment.AcknowledgmentNumber), default, TcpFlags.Rst, 0, []);
        else
            Send(ipv4, sender, counters, id, default, new SequenceNumber(segment.SequenceNumber) + SegmentLength(segment),
                TcpFlags.Rst | TcpFlags.Ack, 0, []);
    }

    /// <summary>RFC 9293 3.4: SEG.LEN counts the data and the SYN and FIN controls.</summary>
    public static int SegmentLength(TcpPacket segment) =>
        segment.Payload.Length + (segment.Flags.HasFlag(TcpFlags.Syn) ? 1 : 0) + (segment.Flags.HasFlag(TcpFlags.Fin) ? 1 : 0);

    /// <summary>RFC 7323 2.2, 2.3: the window scale option's shift (a shift above 14 is taken as 14), or null when the
    /// SYN has none.</summary>
    public static int? PeerWindowScale(TcpPacket segment)
    {
        var options = segment.ReadOptions();
        while (options.TryRead(out var option))
            if (option.Kind == WindowScaleKind && option.Length == 3)
                return Math.Min((int)option.Data[0], ReceiveWindow.MaximumShift);
        return null;
    }

    /// <summary>The MSS option's value, or RFC 9293 3.7.1's default of 536 when the SYN has none.</summary>
    public static int PeerMss(TcpPacket segment)
    {
        var options = segment.ReadOptions();
        while (options.TryRead(out var option))
            if (option.Kind == MaxSegmentSizeKind && option.Length == 4)
                return System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(option.Data);
        return 536;
    }
}
