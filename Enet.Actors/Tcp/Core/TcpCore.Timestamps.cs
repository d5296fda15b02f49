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

    public bool TimestampsOn => timestampsOn;

    private uint TsClock => unchecked((uint)(long)(now - opened).TotalMilliseconds + iss.Value);

    /// <summary>When we sent the TSval a peer echoes, or null for a value we cannot have sent.</summary>
    private DateTimeOffset? EchoedTime(uint echo)
    {
        var sent = opened + TimeSpan.FromMilliseconds(unchecked(echo - iss.Value));
        return sent <= now ? sent : null;
    }

    /// <summary>RFC 7323 3.2: once negotiated, a non-RST segment without the option "SHOULD be silently dropped"; 5.3
    /// R1 (PAWS): one whose TSval is older than TS.Recent, while that is valid, is an old duplicate: "Send an
    /// acknowledgment in reply ... and drop the segment". A RST is not subject to PAWS.</summary>
    private bool TimestampsAcceptable(Segment s)
    {
        if (s.Timestamps is not { } ts)
            return s.Has(TcpFlags.Rst);
        if (s.Has(TcpFlags.Rst) || ts.Value.IsAtLeast(tsRecent) || now - tsRecentAt >= PawsIdle)
            return true;
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
