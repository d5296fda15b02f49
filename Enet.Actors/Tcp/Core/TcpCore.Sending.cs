using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: Sending: the send window, segment sizing, delayed ACKs and the advertised window.
public sealed partial class TcpCore
{
    /// <summary>RFC 5681 3.2 step 2 / RFC 6582 3.2 step 5: resend the first unacknowledged segment without going
    /// back on SND.NXT.</summary>
    private void RetransmitFirstSegment() => Retransmit(sndUna, sndMax - sndUna);

    /// <summary>Resends up to one segment of <paramref name="length"/> from <paramref name="from"/> (the FIN with the last
    /// of the data, if it was sent) without going back on SND.NXT.</summary>
    private void Retransmit(SequenceNumber from, int length)
    {
        var next = sndNxt;
        var offset = from - sndUna;
        length = Math.Min(Math.Min(sendMss, sendBuffer.Count - offset), length);
        var finSent = finQueued && sndMax - sndUna == sendBuffer.Count + 1;
        sndNxt = from;
        var sent = SendData(offset, length, withFin: finSent && offset + length == sendBuffer.Count);
        sndNxt = SequenceNumber.Max(next, sndNxt);
        highRxt = SequenceNumber.Max(highRxt, from + sent);
        // RFC 6298 3 (Karn): no sample from a sequence range that was sent twice.
        timedSeq = null;
        retransmits++;
        TcpCounters.Increment(ref counters.RetransSegs);
    }

    /// <summary>Sends what the window allows: beyond SND.UNA at most min(cwnd, SND.WND) (RFC 5681 3.1, RFC 9293 3.8.6),
    /// in segments of at most the peer's MSS (3.7.1), small ones only as Nagle and silly window avoidance let them
    /// (<see cref="SenderSillyWindowAvoidance"/>), then the FIN once all data is out. <paramref name="force"/> sends
    /// the first segment whatever its size (a retransmission, or the persist timer's override).</summary>
    private void Output(int maxSegments = int.MaxValue, bool force = false)
    {
        if (State is TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait or TcpState.Closed)
            return;
        if (sackOn && congestion.InFastRecovery)
        {
            SackRecoveryOutput();
            ArmSendTimers();
            return;
        }
        for (var sent = 0; sent < maxSegments; sent++)
        {
            SkipSacked();
            var offset = sndNxt - sndUna;
            var unsent = UnsackedAhead(sendBuffer.Count - offset);
            // RFC 3042 2: limited transmit lets the first two duplicate ACKs each send one segment beyond cwnd.
            var usable = Math.Min(sndWnd, congestion.Window + congestion.LimitedTransmit) - offset;
            if (unsent > 0 && usable > 0)
            {
                var length = force && sent == 0
                    ? Math.Min(Math.Min(unsent, usable), sendMss)
                    : SenderSillyWindowAvoidance.Sendable(unsent, usable, sendMss, ShortSegmentInFlight, Options.NoDelay, maxSndWnd);
                if (length > 0)
                {
                    length = SendData(offset, length, finQueued && offset + length == sendBuffer.Count);
                    if (offset + length > congestion.Window)
                        congestion.LimitedTransmitSent(offset + length - Math.Max(offset, congestion.Window));
                    continue;
                }
            }
            if (finQueued && !finAcked && unsent == 0 && offset == sendBuffer.Count)
            {
                SendData(offset, 0, withFin: true);
                continue;
            }
            break;
        }
        ArmSendTimers();
    }

    /// <summary>A short segment holds back the next one only while it is in flight: after a go-back (a timeout, or a
    /// persist probe's octet taken back) nothing is, and Nagle lets the next go at once, as RFC 896 does.</summary>
    private bool ShortSegmentInFlight => shortSegmentEnd is not null && sndNxt != sndUna;

    /// <summary>Sends <paramref name="length"/> bytes from <paramref name="offset"/>, fewer when SACK blocks ride along
    /// (RFC 6691: the MSS leaves the options out, so they take room from the data); gives the bytes sent.</summary>
    private int SendData(int offset, int length, bool withFin)
    {
        var seq = sndNxt;
        var sack = SackBlocks();
        var room = sack is null ? sendMss : sendMss - SackOptionLength(sack.Length);
        if (length > room)
        {
            length = room;
            withFin = false;
        }
        var flags = TcpFlags.Ack | (length > 0 && offset + length == sendBuffer.Count ? TcpFlags.Psh : 0) | (withFin ? TcpFlags.Fin : 0);
        Emit(new TcpSegmentOut(seq, rcvNxt, flags, AdvertisedWindow(), Data: sendBuffer, Offset: offset, Length: length, Sack: sack));
        sndNxt += length + (withFin ? 1 : 0);
        if (seq < sndMax)
            SentAgain(sndNxt);
        if (sackOn)
            sentSegments.Sent(seq, sndNxt, now);
        // Minshall's Nagle (SenderSillyWindowAvoidance): the short segment now in flight holds back the next one. One the
        // SACK blocks shortened is full-sized for what room they left.
        if (length is > 0 && length < room)
            shortSegmentEnd = seq + length;
        if (sndNxt > sndMax)
        {
            if (timedSeq is null && seq >= sndMax)
            {
                timedSeq = seq;
                timedAt = now;
            }
            sndMax = sndNxt;
        }
        return length;
    }

    /// <summary>RFC 9293 3.10.7.4: an ACK is &lt;SEQ=SND.NXT&gt;. After a go-back retransmission our SND.NXT is behind
    /// what the peer may already hold, and an ACK with that number would be unacceptable to it (3.10.7.4 first check),
    /// so it is dropped, its acknowledgment with it: both sides retreating at once would stall. SND.MAX is always
    /// acceptable.</summary>
    private void SendAck() => Emit(new TcpSegmentOut(sndMax, rcvNxt, TcpFlags.Ack, AdvertisedWindow()));

    private void SendControl(SequenceNumber seq, TcpFlags flags) =>
        Emit(new TcpSegmentOut(seq, rcvNxt, flags, (flags & TcpFlags.Ack) != 0 ? AdvertisedWindow() : (ushort)ReceiveWindow()));

    /// <summary>Our SYN or SYN,ACK: the MSS (RFC 9293 3.7.1), an unscaled window, the window scale option (RFC 7323
    /// 2.2: a SYN,ACK carries it only if the peer's SYN did) and SACK-permitted (RFC 2018 2: in a SYN when enabled, in
    /// a SYN,ACK only if the SYN had it too).</summary>
    private void SendSyn(TcpFlags flags)
    {
        var synAck = (flags & TcpFlags.Ack) != 0;
        var offerScale = synAck && passive ? peerOfferedScale : true;
        Emit(new TcpSegmentOut(iss, rcvNxt, flags, receiveWindow.AdvertiseSyn(heldBytes), (ushort)mss,
            offerScale ? receiveWindow.OfferedShift : null, SackPermitted: synAck ? sackOn : settings.Sack));
        AckSent();
    }

    /// <summary>Every segment with an ACK takes the place of a delayed one.</summary>
    private ushort AdvertisedWindow()
    {
        AckSent();
        return receiveWindow.Advertise(rcvNxt, heldBytes, sendMss);
    }

    private void AckSent()
    {
        if (!delayedAck.Pending)
            return;
        delayedAck.Sent();
        delayedAckDeadline = null;
    }

    /// <summary>RFC 1122 4.2.3.2, RFC 5681 4.2: acknowledge an in-order segment now if it is the second unacknowledged
    /// full-sized one, else within the delayed-ACK timeout.</summary>
    private void AcknowledgeInOrder(int length)
    {
        if (settings.DelayedAckTimeout <= TimeSpan.Zero || delayedAck.Received(length, mss))
        {
            SendAck();
            return;
        }
        delayedAckDeadline ??= now + settings.DelayedAckTimeout;
    }

    /// <summary>RCV.WND (RFC 9293 3.3.1), as the receive window's rules give it: bytes held out of order lie inside
    /// [RCV.NXT, RCV.NXT + RCV.WND) already, so they do not shrink it: the segment that fills the hole before them must
    /// stay acceptable.</summary>
    private int ReceiveWindow() => receiveWindow.Current(rcvNxt, heldBytes, sendMss);

    /// <summary>The window grew (the user took held data, or the buffer grew) by enough to move its right edge (RFC 9293
    /// 3.8.6.2.2): tell the peer, or it waits for a persist probe (3.8.6.1).</summary>
    private void OpenWindow()
    {
        if (State is not (TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait or TcpState.Closed) &&
            ReceiveWindow() > receiveWindow.Offered(rcvNxt))
            SendAck();
    }
}
