using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: Segment arrival (RFC 9293 3.10.7), per state, and what acknowledgments do.
public sealed partial class TcpCore
{
    /// <summary>A segment for this connection's 4-tuple, its checksum verified by whoever read it off the link.</summary>
    public void Process(ReadOnlyMemory<byte> bytes, DateTimeOffset time)
    {
        now = time;
        if (State == TcpState.Closed || !TryRead(bytes, out var s))
            return;
        arrivingEcho = s.Timestamps?.EchoReply;
        if (State == TcpState.SynSent)
            OnSynSent(s);
        else
            OnSynchronized(s, bytes);
    }

    private static bool TryRead(ReadOnlyMemory<byte> bytes, out Segment segment)
    {
        if (!TcpPacket.TryParse(bytes.Span, out var packet, out _))
        {
            segment = default;
            return false;
        }
        var options = InboundOptions.Read(packet);
        segment = new Segment(new SequenceNumber(packet.SequenceNumber), new SequenceNumber(packet.AcknowledgmentNumber), packet.Flags,
            packet.Window, packet.HeaderLength, packet.Payload.Length, options.Mss, options.WindowScale, options.Timestamps,
            options.SackPermitted, options.Sack);
        return true;
    }

    /// <summary>RFC 9293 3.10.7.3: a segment in SYN-SENT.</summary>
    private void OnSynSent(Segment s)
    {
        var ackAcceptable = false;
        if (s.Has(TcpFlags.Ack))
        {
            // First check: an ACK outside ISS < SEG.ACK =< SND.NXT gets a reset (unless it is one).
            if (s.Ack <= iss || s.Ack > sndNxt)
            {
                if (!s.Has(TcpFlags.Rst))
                    SendControl(s.Ack, TcpFlags.Rst);
                return;
            }
            ackAcceptable = true;
        }
        if (s.Has(TcpFlags.Rst))
        {
            // Second check, RFC 5961 3.2 for SYN-SENT: a RST counts only with an acceptable ACK.
            if (ackAcceptable)
                Fail(TcpError.Econnrefused);
            return;
        }
        if (!s.Has(TcpFlags.Syn))
            return;
        // Fourth check: the peer's SYN.
        irs = s.Seq;
        rcvNxt = irs + 1;
        Synchronized(s);
        if (ackAcceptable)
        {
            OnNewAck(s.Ack);
            UpdateWindow(s);
            SendAck();
            BecomeEstablished();
        }
        else
        {
            // Simultaneous open (RFC 9293 3.5, figure 7): SYN-RECEIVED, answering <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
            UpdateWindow(s);
            timedSeq = null;
            State = TcpState.SynReceived;
            SendSyn(TcpFlags.Syn | TcpFlags.Ack);
        }
    }

    /// <summary>RFC 9293 3.10.7.4: a segment in SYN-RECEIVED or a synchronized state.</summary>
    private void OnSynchronized(Segment s, ReadOnlyMemory<byte> bytes)
    {
        // A retransmitted SYN in SYN-RECEIVED means our SYN,ACK was lost: send it again.
        if (State == TcpState.SynReceived && s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Ack) && s.Seq == irs)
        {
            SendSyn(TcpFlags.Syn | TcpFlags.Ack);
            return;
        }
        if (timestampsOn && !TimestampsAcceptable(s))
            return;
        // First check, sequence number: the four cases of RFC 9293 3.10.7.4's table.
        var window = ReceiveWindow();
        var length = s.Length;
        var acceptable = length == 0
            ? window == 0 ? s.Seq == rcvNxt : s.Seq.InWindow(rcvNxt, window)
            : window > 0 && (s.Seq.InWindow(rcvNxt, window) || (s.Seq + (length - 1)).InWindow(rcvNxt, window));
        // "If the RCV.WND is zero ... special allowance should be made to accept valid ACKs, URGs, and RSTs."
        var zeroWindowControl = !acceptable && window == 0 && s.Seq == rcvNxt;
        if (!acceptable && !zeroWindowControl)
        {
            // RFC 5961 4.2: a SYN draws a challenge ACK "irrespective of the sequence number" (rate-limited, section 7).
            if (s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Rst))
            {
                SendChallengeAck();
                return;
            }
            if (!s.Has(TcpFlags.Rst))
            {
                ReceivedTwice(s.Seq, s.DataLength);
                SendAck();
            }
            // RFC 9293 3.10.7.4 eighth check, TIME-WAIT: "The only thing that can arrive in this state is a
            // retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout." Being old, it fails the
            // first check; it is acknowledged there, and the timeout restarts here.
            if (State == TcpState.TimeWait && s.Has(TcpFlags.Fin) && s.Seq + length == rcvNxt)
                EnterTimeWait();
            return;
        }
        // RFC 7323 5.3 R3: an acceptable segment that reaches back to the last ACK we sent has the TSval to echo (4.3).
        if (timestampsOn && s.Timestamps is { } ts && ts.Value.IsAtLeast(tsRecent) && s.Seq <= lastAckSent)
        {
            tsRecent = ts.Value;
            tsRecentAt = now;
        }
        // Second check, RST: RFC 5961 3.2 resets only on an exact SEG.SEQ = RCV.NXT; in window otherwise, a challenge ACK.
        if (s.Has(TcpFlags.Rst))
        {
            if (s.Seq != rcvNxt)
                SendChallengeAck();
            else
                OnReset();
            return;
        }
        // Fourth check, SYN in a synchronized state: RFC 5961 4.2's challenge ACK, whatever its sequence number.
        if (s.Has(TcpFlags.Syn))
        {
            SendChallengeAck();
            return;
        }
        // Fifth check, ACK: a segment without one is dropped.
        if (!s.Has(TcpFlags.Ack))
            return;
        keepAlive.Heard(now);
        persist.Answered();
        if (State == TcpState.SynReceived)
        {
            if (!s.Ack.After(sndUna, sndNxt))
            {
                SendControl(s.Ack, TcpFlags.Rst);
                return;
            }
            BecomeEstablished();
        }
        // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT) then send an ACK, drop the segment"; RFC 5961 5.2
        // drops one below SND.UNA - MAX.SND.WND as well (blind data injection), both with a challenge ACK.
        if (s.Ack > sndMax || s.Ack < sndUna - maxSndWnd)
        {
            SendChallengeAck();
            return;
        }
        // RFC 5681 2, DUPLICATE ACKNOWLEDGMENT: data outstanding, no data or SYN/FIN in the segment, SND.UNA acknowledged
        // again and the window unchanged. A closed window's ACKs answer persist probes, not losses. RFC 6675 2: with
        // SACK, one whose blocks report new data counts too, whatever the window.
        RackAdapt(s);
        var newlySacked = TakeSackBlocks(s);
        RackDelivered(s.Ack);
        TlpProcessAck(s);
        var wasRecovering = InRecovery;
        var duplicate = s.Ack == sndUna && sndMax != sndUna && s.DataLength == 0 && !s.Has(TcpFlags.Fin) &&
            (sndWnd > 0 && PeerWindow(s) == sndWnd || newlySacked);
        // RFC 9293 3.10.7.4: the window is taken from the newest segment (SND.WL1/SND.WL2), never an older one.
        if (s.Ack >= sndUna && (sndWl1 < s.Seq || sndWl1 == s.Seq && sndWl2 <= s.Ack))
            UpdateWindow(s);
        if (s.Ack > sndUna)
            OnNewAck(s.Ack);
        else if (duplicate)
            OnDuplicateAck();
        else
            Output();
        RecoveryMayHaveEnded(wasRecovering);
        if (finAcked && OnFinAcked())
            return;
        // In TIME-WAIT nothing new can arrive: the peer's FIN was its last.
        if (State == TcpState.TimeWait)
            return;
        // Seventh check, the segment text; trimmed to what is new and what fits the window.
        if (zeroWindowControl)
        {
            // The text did not fit a closed window: "an acknowledgment should be sent in reply" (3.10.7.4), which is
            // what a persist probe is for (3.8.6.1).
            if (length > 0)
                SendAck();
            return;
        }
        ReceiveText(s, bytes, window, length);
    }

    /// <summary>RFC 5961 3.2, 4.2, 5.2: the challenge ACK, &lt;SEQ=SND.NXT&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=ACK&gt;, within
    /// the layer's allowance (section 7); one held back is only counted.</summary>
    private void SendChallengeAck()
    {
        if (!challengeAcks.TryTake(now))
        {
            TcpCounters.Increment(ref counters.ChallengeAcksSkipped);
            return;
        }
        TcpCounters.Increment(ref counters.ChallengeAcks);
        SendAck();
    }

    /// <summary>Our FIN is acknowledged: FIN-WAIT-1 goes to FIN-WAIT-2, CLOSING to TIME-WAIT, LAST-ACK to CLOSED
    /// (RFC 9293 3.10.7.4 fifth check). True when the connection is gone.</summary>
    private bool OnFinAcked()
    {
        switch (State)
        {
            case TcpState.FinWait1:
                FinAcknowledged();
                State = TcpState.FinWait2;
                // An orphan (Close, not ConfirmedClose) must not wait for the peer's FIN for ever (Linux tcp_fin_timeout).
                if (closeKind == TcpCloseKind.Close)
                    finWait2Deadline = now + 2 * settings.MaximumSegmentLifetime;
                return false;
            case TcpState.Closing:
                FinAcknowledged();
                EnterTimeWait();
                return false;
            case TcpState.LastAck:
                Finish(closeKind switch
                {
                    TcpCloseKind.Confirmed => TcpCoreEvent.ConfirmedClosed,
                    TcpCloseKind.Close => TcpCoreEvent.Closed,
                    _ => null,
                });
                return true;
            default:
                return false;
        }
    }

    /// <summary>RFC 9293 3.10.7.4 seventh and eighth checks: the text in order to the user, beyond RCV.NXT to the
    /// out-of-order queue; the FIN once RCV.NXT reaches it.</summary>
    private void ReceiveText(Segment s, ReadOnlyMemory<byte> bytes, int window, int length)
    {
        var skip = rcvNxt - s.Seq;
        var dataStart = s.DataOffset + Math.Max(0, skip);
        var dataLength = Math.Min(s.DataLength - Math.Max(0, skip), window - Math.Max(0, -skip));
        var fin = s.Has(TcpFlags.Fin) && dataLength == s.DataLength - Math.Max(0, skip);
        var start = skip > 0 ? rcvNxt : s.Seq;
        if (skip > 0)
            ReceivedTwice(s.Seq, Math.Min(skip, s.DataLength));
        // RFC 5681 4.2: only an in-order segment that fills no gap may wait for a delayed ACK; one out of order, or
        // one that fills (part of) a gap, is acknowledged at once, so the sender sees duplicates (or progress) soon.
        var delayable = false;
        if (dataLength > 0 && State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
        {
            if (start == rcvNxt)
            {
                Deliver(bytes.Slice(dataStart, dataLength));
                rcvNxt += dataLength;
                delayable = outOfOrder.Count == 0;
                // What waited beyond the hole goes to the user piece by piece, as it was kept: no copy to join them.
                while (outOfOrder.TryTake(rcvNxt, out var queued))
                {
                    Deliver(queued);
                    rcvNxt += queued.Length;
                }
            }
            else
            {
                // Nothing new and all of it held: a duplicate (not a segment the full queue could not take).
                if (!outOfOrder.Insert(start, bytes.Span.Slice(dataStart, dataLength)) && outOfOrder.Holds(start, start + dataLength))
                    ReceivedTwice(start, dataLength);
                ReceivedOutOfOrder(start);
            }
        }
        else if (dataLength < 0)
            fin = false;
        // Eighth check, FIN: it takes effect only in order (RFC 9293 3.10.7.4, "FIN implies PUSH ... signal the user").
        if (fin)
            peerFin = start + Math.Max(0, dataLength);
        if (peerFin == rcvNxt && State is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
            OnPeerFin();
        else if (delayable && !fin)
            AcknowledgeInOrder(dataLength);
        else if (length > 0)
            SendAck();
    }

    /// <summary>RFC 9293 3.10.7.4 second check: an acceptable reset.</summary>
    private void OnReset()
    {
        switch (State)
        {
            case TcpState.SynReceived when passive:
                // "If this connection was initiated with a passive OPEN, then return this connection to the LISTEN state":
                // the listener forgets it.
                Finish(TcpCoreEvent.Failed, TcpError.Econnrefused);
                break;
            case TcpState.SynReceived:
                Fail(TcpError.Econnrefused);
                break;
            case TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait:
                TcpCounters.Increment(ref counters.EstabResets);
                Finish(TcpCoreEvent.Failed, TcpError.Econnreset);
                break;
            default:
                // CLOSING, LAST-ACK, TIME-WAIT: "enter the CLOSED state, delete the TCB, and return".
                Finish(null);
                break;
        }
    }

    private void OnPeerFin()
    {
        peerFin = null;
        rcvNxt += 1;
        SendAck();
        switch (State)
        {
            case TcpState.Established:
                State = TcpState.CloseWait;
                NotifyPeerClosed();
                break;
            case TcpState.FinWait1:
                // Simultaneous close (RFC 9293 3.6, figure 13): both FINs in flight.
                State = TcpState.Closing;
                break;
            case TcpState.FinWait2:
                EnterTimeWait();
                if (closeKind == TcpCloseKind.Confirmed)
                    host.Event(TcpCoreEvent.ConfirmedClosed);
                break;
        }
    }

    /// <summary>Our FIN was acknowledged: a Close is done; a ConfirmedClose when the peer's FIN is in too.</summary>
    private void FinAcknowledged()
    {
        retransmitDeadline = null;
        if (closeKind == TcpCloseKind.Close)
            host.Event(TcpCoreEvent.Closed);
        else if (closeKind == TcpCloseKind.Confirmed && State == TcpState.Closing)
            host.Event(TcpCoreEvent.ConfirmedClosed);
    }

    /// <summary>RFC 9293 3.6: TIME-WAIT lasts 2 MSL, so old duplicates die out and a lost final ACK can be resent.</summary>
    private void EnterTimeWait()
    {
        State = TcpState.TimeWait;
        ClearTimers();
        timeWaitDeadline = now + 2 * settings.MaximumSegmentLifetime;
    }

    /// <summary>RFC 5681 3.2: the third duplicate retransmits the first unacknowledged segment (fast retransmit); the
    /// inflated window may then let new data go (fast recovery).</summary>
    private void OnDuplicateAck()
    {
        if (congestion.OnDuplicateAck(sndUna, sndMax, sndMax - sndUna))
            StartRecovery();
        else
            DetectSackLoss();
        Output();
    }

    private void OnNewAck(SequenceNumber ack)
    {
        var una = sndUna;
        var acked = ack - sndUna;
        if (sndUna == iss)
        {
            // The SYN's sequence number is acknowledged first.
            acked--;
        }
        var data = Math.Min(acked, sendBuffer.Count);
        sendBuffer.Discard(data);
        scoreboard.Acknowledged(ack);
        sentSegments.Acknowledged(ack);
        if (timeoutRecoveryEnd is { } recovered && ack >= recovered)
            timeoutRecoveryEnd = null;
        if (finQueued && acked > data)
            finAcked = true;
        sndUna = ack;
        if (sndNxt < sndUna)
            sndNxt = sndUna;
        if (shortSegmentEnd is { } shortEnd && ack >= shortEnd)
            shortSegmentEnd = null;
        // RFC 6298 2.2/2.3 with Karn's rule (3): a sample only from a segment sent once; with timestamps (RFC 7323
        // 4.1, 4.2) the ACK's TSecr dates what it acknowledges, retransmitted or not, once per flight, unless the echo
        // predates the retransmission.
        var (echoValid, echoRtt) = EchoRtt(una);
        if (echoValid)
        {
            if (ack > rttSampleEdge && echoRtt is { } rtt)
            {
                SampledRtt(rtt);
                rttSampleEdge = sndMax;
            }
            timedSeq = null;
        }
        else if (timedSeq is { } timed && ack > timed)
        {
            SampledRtt(now - timedAt);
            timedSeq = null;
        }
        rto.Acknowledged();
        // RFC 9406 4.2 wants every RTT sample: the echo's, or else RACK's (RFC 8985 6.2 step 2).
        congestion.SlowStartAck(ack, sndNxt, echoRtt ?? rackAckRtt);
        if (data > 0 && congestion.OnNewAck(data, ack, sndMax - sndUna, now, rto.SmoothedRtt ?? TimeSpan.Zero))
            RetransmitFirstSegment();
        DetectSackLoss();
        // RFC 6298 5.2, 5.3: all acknowledged, stop the timer; otherwise restart it for the rest.
        if (sndNxt == sndUna)
            retransmitDeadline = null;
        else
            StartRetransmitTimer();
        Output();
    }

    /// <summary>RFC 7323 2.2: the window field is shifted by the peer's scale, except in a SYN.</summary>
    private int PeerWindow(Segment s) => s.Has(TcpFlags.Syn) ? s.Window : s.Window << sndScale;

    private void UpdateWindow(Segment s)
    {
        sndWnd = PeerWindow(s);
        maxSndWnd = Math.Max(maxSndWnd, sndWnd);
        sndWl1 = s.Seq;
        sndWl2 = s.Ack;
    }
}
