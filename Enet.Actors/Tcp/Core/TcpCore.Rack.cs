using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: RACK-TLP (RFC 8985), with SACK on: a segment is lost once one sent after it was delivered and a reordering
// window passed (RACK, 6), which finds lost retransmissions and losses too few duplicates would show; and a tail loss
// probe (TLP, 7) two round trips after the last send, so a lost tail draws SACKs instead of waiting for the RTO.
public sealed partial class TcpCore
{
    private readonly SentSegments sentSegments = new();

    /// <summary>RFC 8985 6.1: RACK.xmit_ts, RACK.end_seq and RACK.rtt, of the most recently sent segment delivered.</summary>
    private DateTimeOffset? rackSentAt;
    private SequenceNumber rackEnd;
    private TimeSpan rackRtt;

    /// <summary>The RACK.rtt this ACK measured, if it delivered a segment sent later than any before.</summary>
    private TimeSpan? rackAckRtt;

    /// <summary>RFC 8985 6.1: RACK.min_RTT, the least RTT sampled.</summary>
    private TimeSpan? minRtt;

    /// <summary>Segments RACK found lost at the last detection and not sent since.</summary>
    private readonly List<(SequenceNumber Start, SequenceNumber End, bool Retransmitted)> rackLost = [];

    /// <summary>RFC 8985 7: TLP.end_seq, SND.MAX when the probe went; no second probe until it is acknowledged.</summary>
    private SequenceNumber? probeEnd;

    /// <summary>RFC 8985 7.4.1: TLP.is_retrans, the probe sent data again rather than new data.</summary>
    private bool probeRetransmitted;

    /// <summary>RFC 8985 6.2 steps 3 and 4: RACK.reo_wnd and what it adapts to.</summary>
    private readonly RackReorderingWindow reordering = new();

    /// <summary>SND.MAX at the last retransmission timeout while its go-back lasts (RFC 8985's "RTO recovery").</summary>
    private SequenceNumber? timeoutRecoveryEnd;

    /// <summary>The D-SACK block (RFC 2883) of the ACK being processed, if it has one.</summary>
    private SackBlock? arrivingDsack;

    /// <summary>In fast recovery or recovering from a timeout.</summary>
    private bool InRecovery => congestion.InFastRecovery || timeoutRecoveryEnd is not null;

    /// <summary>RFC 8985 7.2 WCDelAckT: how long the peer may hold the ACK of a lone segment (its delayed ACK).</summary>
    private static readonly TimeSpan WorstCaseDelayedAck = TimeSpan.FromMilliseconds(200);

    /// <summary>The shortest PTO, as Linux's tcp_schedule_loss_probe has it: over a path with next to no RTT, 2 * SRTT
    /// would probe after every ACK.</summary>
    private static readonly TimeSpan MinimumProbeTimeout = TimeSpan.FromMilliseconds(10);

    private void SampledRtt(TimeSpan r)
    {
        rto.Sample(r);
        minRtt = minRtt is { } m && m <= r ? m : r;
    }

    /// <summary>RFC 8985 6.2 steps 1-3 for an ACK of <paramref name="ack"/> (before SND.UNA moves): of the segments it
    /// or the scoreboard shows delivered, the one sent last (by time, then sequence) sets RACK.xmit_ts and RACK.rtt; a
    /// retransmission acknowledged sooner than min_RTT after it went was delivered as the original (step 2).</summary>
    private void RackDelivered(SequenceNumber ack)
    {
        rackAckRtt = null;
        if (!sackOn)
            return;
        foreach (var segment in sentSegments.Entries)
        {
            // Entries are in sequence order: with nothing SACKed, none past the first unacknowledged one is delivered.
            if (segment.End > ack && scoreboard.Count == 0)
                break;
            if (!Delivered(segment, ack))
                continue;
            if (segment.Retransmitted && minRtt is { } least && now - segment.SentAt < least)
                continue;
            if (rackSentAt is not { } latest || segment.SentAt > latest || segment.SentAt == latest && segment.End > rackEnd)
            {
                rackSentAt = segment.SentAt;
                rackEnd = segment.End;
                rackRtt = now - segment.SentAt;
                rackAckRtt = rackRtt;
            }
        }
    }

    /// <summary>RFC 8985 6.2 steps 3 and 4 for an arriving ACK, before the scoreboard takes its blocks and SND.UNA
    /// moves: the segments it newly delivers in ascending order, for reordering (step 3); its D-SACK, for the window
    /// (step 4).</summary>
    private void RackAdapt(Segment s)
    {
        arrivingDsack = sackOn ? Dsack(s) : null;
        if (!sackOn)
            return;
        foreach (var segment in sentSegments.Entries)
        {
            if (segment.End > s.Ack && s.Sack is null or [])
                break;
            if (!Delivered(segment, sndUna) && NewlyDelivered(segment, s))
                reordering.Delivered(segment.End, segment.Retransmitted);
        }
        reordering.Acknowledged(SequenceNumber.Max(sndUna, s.Ack), sndNxt, arrivingDsack is not null);
    }

    private static bool NewlyDelivered(SentSegments.Entry segment, Segment s)
    {
        if (segment.End <= s.Ack)
            return true;
        foreach (var block in s.Sack ?? [])
            if (new SequenceNumber(block.Left) <= segment.Start && segment.End <= new SequenceNumber(block.Right))
                return true;
        return false;
    }

    /// <summary>RFC 2883 4: the first block reports data received twice when it lies below the cumulative ACK or
    /// inside the second block.</summary>
    private static SackBlock? Dsack(Segment s)
    {
        if (s.Sack is not [var first, ..] blocks)
            return null;
        var (left, right) = (new SequenceNumber(first.Left), new SequenceNumber(first.Right));
        if (right <= s.Ack)
            return first;
        return blocks.Length > 1 && new SequenceNumber(blocks[1].Left) <= left && right <= new SequenceNumber(blocks[1].Right)
            ? first
            : null;
    }

    /// <summary>RFC 8985 6.2 step 4: "exiting Fast or RTO recovery" counts toward the window's return to normal.</summary>
    private void RecoveryMayHaveEnded(bool wasRecovering)
    {
        if (sackOn && wasRecovering && !InRecovery)
            reordering.RecoveryEnded();
    }

    private bool Delivered(SentSegments.Entry segment, SequenceNumber ack) =>
        segment.End <= ack || scoreboard.SackedEnd(segment.Start) is { } end && end >= segment.End;

    /// <summary>RFC 8985 6.2 step 5: a segment not delivered, sent before RACK.xmit_ts, is lost once RACK.rtt +
    /// reo_wnd (step 4, <see cref="RackReorderingWindow"/>) passed since it went; for the others the reordering timer
    /// waits (6.3).</summary>
    private void RackDetectLoss()
    {
        rackLost.Clear();
        reorderDeadline = null;
        if (rackSentAt is not { } latest)
        {
            scoreboard.MarkLost(rackLost);
            return;
        }
        var window = reordering.Window(minRtt ?? TimeSpan.Zero, rto.SmoothedRtt ?? TimeSpan.Zero,
            InRecovery || scoreboard.SackedBytes >= SackScoreboard.DupThresh * sendMss);
        var inSendOrder = sentSegments.InSendOrder;
        foreach (var segment in sentSegments.Entries)
        {
            var sentLater = segment.SentAt > latest || segment.SentAt == latest && segment.End > rackEnd;
            // In send order every entry after one sent later than RACK.xmit_ts was sent later too (Linux walks its
            // time-sorted queue and stops there the same way).
            if (sentLater && inSendOrder)
                break;
            if (sentLater || Delivered(segment, sndUna))
                continue;
            var due = segment.SentAt + rackRtt + window;
            if (due <= now)
                rackLost.Add((segment.Start, segment.End, segment.Retransmitted));
            else if (reorderDeadline is null || due < reorderDeadline)
                reorderDeadline = due;
        }
        scoreboard.MarkLost(rackLost);
    }

    /// <summary>A retransmission RACK found lost: RFC 6675's NextSeg starts above HighRxt and would not send it again.
    /// </summary>
    private (SequenceNumber Start, int Length)? LostRetransmission()
    {
        for (var i = 0; i < rackLost.Count; i++)
        {
            var (start, end, retransmitted) = rackLost[i];
            if (!retransmitted || start >= highRxt || start < sndUna)
                continue;
            rackLost.RemoveAt(i);
            return (start, Math.Min(end - start, sendMss));
        }
        return null;
    }

    /// <summary>RFC 8985 6.3: the reordering window passed for a segment sent before a delivered one.</summary>
    private void OnReorderTimeout()
    {
        DetectSackLoss();
        Output();
    }

    /// <summary>RFC 8985 7.2: with data in flight, not in recovery and no probe out, a probe is due 2 * SRTT (at least
    /// 10 ms) after the last send or ACK (plus WCDelAckT for a lone segment), never later than the RTO.</summary>
    private void ArmProbe()
    {
        probeDeadline = null;
        if (!sackOn || congestion.InFastRecovery || probeEnd is not null || sndNxt == sndUna || rto.SmoothedRtt is not { } srtt)
            return;
        var timeout = Max(2 * srtt, MinimumProbeTimeout) + (sndMax - sndUna <= sendMss ? WorstCaseDelayedAck : TimeSpan.Zero);
        var at = now + timeout;
        probeDeadline = retransmitDeadline is { } rtoAt && rtoAt < at ? rtoAt : at;
    }

    /// <summary>RFC 8985 7.3: the probe is a new segment if the peer's window takes one, else the last segment sent
    /// again; then the RTO runs afresh.</summary>
    private void OnProbeTimeout()
    {
        if (sndNxt == sndUna || congestion.InFastRecovery)
            return;
        var offset = sndNxt - sndUna;
        var unsent = sendBuffer.Count - offset;
        var fits = Math.Min(Math.Min(unsent, sndWnd - offset), sendMss);
        if (fits > 0)
            SendData(offset, fits, finQueued && fits == unsent);
        else
        {
            var last = Math.Min(sendMss, sndMax - sndUna);
            Retransmit(sndMax - last, last);
        }
        probeEnd = sndMax;
        probeRetransmitted = fits <= 0;
        StartRetransmitTimer();
    }

    /// <summary>RFC 8985 7.4.2, TLP_process_ack, before SND.UNA moves: once the ACK reaches TLP.end_seq the episode
    /// ends. A probe of new data, or one the peer reports received twice (a D-SACK ending at TLP.end_seq), or a
    /// duplicate ACK without SACK at TLP.end_seq, repaired nothing. An ACK beyond TLP.end_seq otherwise means the probe
    /// repaired a loss, "invoke congestion control to react to the loss event the probe has repaired" (7.4.2). Until one
    /// of those, the episode stays open and no further probe goes (7.2).</summary>
    private void TlpProcessAck(Segment s)
    {
        if (probeEnd is not { } end || s.Ack < end)
            return;
        if (!probeRetransmitted || arrivingDsack is { } twice && new SequenceNumber(twice.Right) == end ||
            s.Ack == sndUna && s.DataLength == 0 && s.Sack is null)
            probeEnd = null;
        else if (s.Ack > end)
        {
            congestion.OnProbeRepairedLoss(sndMax - sndUna);
            probeEnd = null;
        }
        if (probeEnd is null)
            probeRetransmitted = false;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
