using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: RFC 7323's timestamps: the option on every segment once both SYNs had it, TS.Recent for the echo, PAWS
// (5.3) for old duplicates, and RTT samples from the echoes (4).
public sealed partial class TcpCore
{
    /// <summary>Two NOPs and the 10-byte option, in every segment once negotiated.</summary>
    private const int TimestampsLength = 12;

    /// <summary>RFC 7323 5.5: a TS.Recent idle this long is no longer valid for PAWS.</summary>
    private static readonly TimeSpan PawsIdle = TimeSpan.FromDays(24);

    private bool timestampsOn;

    /// <summary>RFC 7323 4.3: the TSval to echo, when it was taken, and the RCV.NXT of our last ACK (Last.ACK.sent).</summary>
    private uint tsRecent;
    private DateTimeOffset tsRecentAt;
    private SequenceNumber lastAckSent;

    /// <summary>When the connection opened: our timestamp clock counts milliseconds from then, offset by the ISS so the
    /// clock says nothing about when the host started (RFC 7323 5.4, 7.1).</summary>
    private DateTimeOffset opened;

    /// <summary>TSecr of the segment being processed.</summary>
    private uint? arrivingEcho;

    /// <summary>SND.MAX when the last timestamp RTT sample was taken: one sample per flight.</summary>
    private SequenceNumber rttSampleEdge;

    /// <summary>When data was last sent again, and the end of the highest range sent again: an echo older than that
    /// retransmission, on an ACK covering retransmitted data, cannot say which transmission drew the ACK.</summary>
    private DateTimeOffset lastRetransmitAt;
    private SequenceNumber retransmitEnd;

    public bool TimestampsOn => timestampsOn;

    /// <summary>Data up to <paramref name="end"/> went again at <see cref="now"/>.</summary>
    private void SentAgain(SequenceNumber end)
    {
        lastRetransmitAt = now;
        retransmitEnd = SequenceNumber.Max(retransmitEnd, end);
    }

    /// <summary>RFC 6298 3 (Karn): an ACK of data sent twice is ambiguous; the echo of the TSval <paramref name="sent"/>
    /// resolves it only when it dates the retransmission. One older than the retransmission names the original (RFC 3522
    /// 2, Eifel): the receiver held it and its ACK was lost or delayed, and the duplicate, being outside the window, left
    /// TS.Recent alone (RFC 7323 5.3 R2 comes before R3). Its "RTT" is the wait for our timer; taken as a sample it raises
    /// the RTO, which lengthens the next such wait, a loop that drove the RTO up to seconds on a lossy path. True when
    /// the ACK moving SND.UNA from <paramref name="una"/> gives no sample for that reason.</summary>
    private bool EchoAmbiguous(SequenceNumber una, DateTimeOffset sent) => una < retransmitEnd && sent < lastRetransmitAt;

    /// <summary>Whether the arriving ACK's echo is a TSval we sent, and the round trip it measures for an ACK moving
    /// SND.UNA from <paramref name="una"/> (null when <see cref="EchoAmbiguous"/>).</summary>
    private (bool Valid, TimeSpan? Rtt) EchoRtt(SequenceNumber una)
    {
        if (!timestampsOn || arrivingEcho is not { } echo || EchoedTime(echo) is not { } sent)
            return (false, null);
        return (true, EchoAmbiguous(una, sent) ? null : now - sent);
    }

    private uint TsClock => unchecked((uint)(long)(now - opened).TotalMilliseconds + iss.Value);

    /// <summary>When we sent the TSval a peer echoes, or null for a value we cannot have sent.</summary>
    private DateTimeOffset? EchoedTime(uint echo)
    {
        var sent = opened + TimeSpan.FromMilliseconds(unchecked(echo - iss.Value));
        return sent <= now ? sent : null;
    }

    /// <summary>RFC 7323 3.2: once negotiated, a non-RST segment without the option "SHOULD be silently dropped"; 5.3
    /// R1 (PAWS): one whose TSval is older than TS.Recent, while that is valid, is an old duplicate: "Send an
    /// acknowledgment in reply ... and drop the segment". A RST is not subject to PAWS. Data it carried below RCV.NXT
    /// had arrived before, so the reply reports it in a D-SACK block (RFC 2883 4), as for any duplicate. A bare ACK in
    /// sequence that acknowledges nothing new is only an ACK the path reordered: answering it would hand the peer a
    /// duplicate ACK (RFC 5681 2) that can start a needless fast retransmit, and R1's reason for the answer, a half-open
    /// connection, does not arise from it, so it is dropped silently (Linux's tcp_disordered_ack exempts the same).</summary>
    private bool TimestampsAcceptable(Segment s)
    {
        if (s.Timestamps is not { } ts)
            return s.Has(TcpFlags.Rst);
        if (s.Has(TcpFlags.Rst) || ts.Value.IsAtLeast(tsRecent) || now - tsRecentAt >= PawsIdle)
            return true;
        if (s.Length == 0 && s.Seq == rcvNxt && s.Has(TcpFlags.Ack) && s.Ack <= sndUna)
            return false;
        if (s.Seq < rcvNxt)
            ReceivedTwice(s.Seq, Math.Min(rcvNxt - s.Seq, s.DataLength));
        SendAck();
        return false;
    }

    /// <summary>Every segment goes out here: with the timestamps option once negotiated (and in our SYN when offered,
    /// RFC 7323 3.2), with SACK blocks, and noting the acknowledgment sent (Last.ACK.sent, 4.3).</summary>
    private void Emit(TcpSegmentOut segment)
    {
        var syn = (segment.Flags & TcpFlags.Syn) != 0;
        var ack = (segment.Flags & TcpFlags.Ack) != 0;
        if (timestampsOn)
            segment = segment with { Timestamps = new TcpTimestamps(TsClock, tsRecent) };
        else if (syn && !ack && settings.Timestamps)
            segment = segment with { Timestamps = new TcpTimestamps(TsClock, 0) };
        // RFC 2018 4: every ACK reports what is held out of order.
        if (ack && !syn && segment.Sack is null && (segment.Flags & TcpFlags.Rst) == 0)
            segment = segment with { Sack = SackBlocks() };
        if (ack)
            lastAckSent = segment.Ack;
        host.Transmit(segment);
    }
}

/// <summary>RFC 7323 5.2: timestamps compare as 32-bit sequence space, by the sign of the difference.</summary>
internal static class TimestampComparison
{
    public static bool IsAtLeast(this uint value, uint than) => unchecked((int)(value - than)) >= 0;
}
