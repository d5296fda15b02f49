using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpConnection: Sending and retransmission: the send window, segment sizing, the RFC 6298 timer, the persist timer,
// delayed ACKs, keep-alive and the advertised window.
public sealed partial class TcpConnection
{
    /// <summary>RFC 6298 5: an expiry retransmits the earliest unacknowledged segment with the timeout doubled; after
    /// the bound, the connection ends with etimedout (RFC 1122 4.2.3.5 R2).</summary>
    private void OnRetransmitTick()
    {
        // The deadline moved on since the timer was set (new ACKs restarted it): set it again for the rest.
        if (Now < retransmitDeadline)
        {
            retransmitTimerDue = retransmitDeadline;
            Timers.StartSingleTimer(RetransmitTick.Instance, RetransmitTick.Instance, retransmitDeadline - Now);
            return;
        }
        var handshaking = state is TcpState.SynSent or TcpState.SynReceived;
        if (rto.Backoffs >= (handshaking ? settings.MaxSynRetransmissions : settings.MaxRetransmissions))
        {
            if (!handshaking)
                SendControl(sndNxt, TcpFlags.Rst, withMss: false);
            Fail(TcpError.Etimedout);
            return;
        }
        var firstExpiry = rto.Backoffs == 0;
        rto.Backoff();
        synTimedOut |= handshaking;
        timedSeq = null;
        if (state == TcpState.SynSent)
            SendSyn(TcpFlags.Syn);
        else if (state == TcpState.SynReceived)
            SendSyn(TcpFlags.Syn | TcpFlags.Ack);
        else
        {
            // RFC 5681 3.1: the loss window; RFC 6582 3.2: recover is what was sent so far.
            congestion.OnRetransmitTimeout(sndMax - sndUna, sndMax, firstExpiry);
            // Go back to SND.UNA: what the peer already holds out of order makes its cumulative ACK jump past it. Into
            // a closed window nothing goes: the persist timer takes over (RFC 9293 3.8.6.1).
            sndNxt = sndUna;
            Output(maxSegments: 1, force: true);
        }
        if (handshaking)
            StartRetransmitTimer();
        // Counted after the timer is set: whoever sees the count may move (virtual) time on at once.
        TcpCounters.Increment(ref counters.RetransSegs);
    }

    /// <summary>RFC 9293 3.8.6.1: the peer's window is closed (or too small to use, RFC 1122 4.2.3.4 (4)) with data
    /// waiting: send one octet into it (or what fits), so the ACK it draws tells us when the window opens. Probes
    /// answered keep the connection open for ever (RFC 1122 4.2.2.17); only unanswered ones count toward the bound.</summary>
    private void OnPersistTick()
    {
        if (sndNxt != sndUna || sendBuffer.Count == 0)
            return;
        if (persist.Unanswered >= settings.MaxRetransmissions)
        {
            SendControl(sndNxt, TcpFlags.Rst, withMss: false);
            Fail(TcpError.Etimedout);
            return;
        }
        persist.Probed();
        if (sndWnd > 0)
            Output(maxSegments: 1, force: true);
        else
        {
            SendData(0, 1, withFin: finQueued && sendBuffer.Count == 1);
            // The octet went beyond the window: SND.MAX covers it, so its ACK is acceptable, but SND.NXT stays, so
            // the octet is sent again with the rest once the window opens, and it is no retransmission to time.
            sndNxt = sndUna;
            timedSeq = null;
        }
        StartPersistTimer();
    }

    /// <summary>RFC 5681 3.2 step 2 / RFC 6582 3.2 step 5: resend the first unacknowledged segment without going
    /// back on SND.NXT.</summary>
    private void RetransmitFirstSegment()
    {
        var next = sndNxt;
        var length = Math.Min(Math.Min(sendMss, sendBuffer.Count), sndMax - sndUna);
        var finSent = finQueued && sndMax - sndUna == sendBuffer.Count + 1;
        sndNxt = sndUna;
        SendData(0, length, withFin: finSent && length == sendBuffer.Count);
        sndNxt = SequenceNumber.Max(next, sndNxt);
        // RFC 6298 3 (Karn): no sample from a sequence range that was sent twice.
        timedSeq = null;
        TcpCounters.Increment(ref counters.RetransSegs);
    }

    /// <summary>Sends what the window allows: beyond SND.UNA at most min(cwnd, SND.WND) (RFC 5681 3.1, RFC 9293 3.8.6),
    /// in segments of at most the peer's MSS (3.7.1), small ones only as Nagle and silly window avoidance let them
    /// (<see cref="SenderSillyWindowAvoidance"/>), then the FIN once all data is out. <paramref name="force"/> sends
    /// the first segment whatever its size (a retransmission, or the persist timer's override).</summary>
    private void Output(int maxSegments = int.MaxValue, bool force = false)
    {
        if (state is TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait)
            return;
        for (var sent = 0; sent < maxSegments; sent++)
        {
            var offset = sndNxt - sndUna;
            var unsent = sendBuffer.Count - offset;
            // RFC 3042 2: limited transmit lets the first two duplicate ACKs each send one segment beyond cwnd.
            var usable = Math.Min(sndWnd, congestion.Window + congestion.LimitedTransmit) - offset;
            if (unsent > 0 && usable > 0)
            {
                var length = force && sent == 0
                    ? Math.Min(Math.Min(unsent, usable), sendMss)
                    : SenderSillyWindowAvoidance.Sendable(unsent, usable, sendMss, ShortSegmentInFlight, options.NoDelay, maxSndWnd);
                if (length > 0)
                {
                    SendData(offset, length, finQueued && length == unsent);
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

    /// <summary>RFC 6298 5.1: the retransmission timer runs while sent data is unacknowledged; otherwise, with data
    /// waiting for the window, the persist timer does (RFC 9293 3.8.6.1).</summary>
    private void ArmSendTimers()
    {
        if (sndNxt != sndUna)
        {
            Timers.Cancel(PersistTick.Instance);
            persist.Reset();
            if (!Timers.IsTimerActive(RetransmitTick.Instance))
                StartRetransmitTimer();
            return;
        }
        Timers.Cancel(RetransmitTick.Instance);
        if (sendBuffer.Count == 0)
        {
            Timers.Cancel(PersistTick.Instance);
            persist.Reset();
        }
        else if (!Timers.IsTimerActive(PersistTick.Instance))
            StartPersistTimer();
    }

    private void SendData(int offset, int length, bool withFin)
    {
        var seq = sndNxt;
        var flags = TcpFlags.Ack | (length > 0 && offset + length == sendBuffer.Count ? TcpFlags.Psh : 0) | (withFin ? TcpFlags.Fin : 0);
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, seq, rcvNxt, flags, AdvertisedWindow(), sendBuffer, offset, length, options.Tos);
        sndNxt += length + (withFin ? 1 : 0);
        // Minshall's Nagle (SenderSillyWindowAvoidance): the short segment now in flight holds back the next one.
        if (length is > 0 && length < sendMss)
            shortSegmentEnd = seq + length;
        if (sndNxt > sndMax)
        {
            if (timedSeq is null && seq >= sndMax)
            {
                timedSeq = seq;
                timedAt = Now;
            }
            sndMax = sndNxt;
        }
    }

    /// <summary>RFC 9293 3.10.7.4: an ACK is <SEQ=SND.NXT>. After a go-back retransmission our SND.NXT is behind what
    /// the peer may already hold, and an ACK with that number would be unacceptable to it (3.10.7.4 first check), so it
    /// is dropped, its acknowledgment with it: both sides retreating at once would stall. SND.MAX is always acceptable.</summary>
    private void SendAck() =>
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, sndMax, rcvNxt, TcpFlags.Ack, AdvertisedWindow(), [], tos: options.Tos);

    private void SendControl(SequenceNumber seq, TcpFlags flags, bool withMss) =>
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, seq, rcvNxt, flags,
            flags.HasFlag(TcpFlags.Ack) ? AdvertisedWindow() : (ushort)ReceiveWindow(), [], withMss ? (ushort)endpoint.Mss : null, tos: options.Tos);

    /// <summary>Our SYN or SYN,ACK: the MSS (RFC 9293 3.7.1), an unscaled window and the window scale option (RFC 7323
    /// 2.2: a SYN,ACK carries it only if the peer's SYN did).</summary>
    private void SendSyn(TcpFlags flags)
    {
        var offerScale = flags.HasFlag(TcpFlags.Ack) && opening is Opening.Passive ? peerOfferedScale : true;
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, iss, rcvNxt, flags, receiveWindow.AdvertiseSyn(undeliveredBytes), [],
            (ushort)endpoint.Mss, offerScale ? receiveWindow.OfferedShift : null, options.Tos);
        AckSent();
    }

    /// <summary>Every segment with an ACK takes the place of a delayed one.</summary>
    private ushort AdvertisedWindow()
    {
        AckSent();
        return receiveWindow.Advertise(rcvNxt, undeliveredBytes, sendMss);
    }

    private void AckSent()
    {
        if (!delayedAck.Pending)
            return;
        delayedAck.Sent();
        Timers.Cancel(DelayedAckTick.Instance);
    }

    /// <summary>RFC 1122 4.2.3.2, RFC 5681 4.2: acknowledge an in-order segment now if it is the second unacknowledged
    /// full-sized one, else within the delayed-ACK timeout.</summary>
    private void AcknowledgeInOrder(int length)
    {
        if (settings.DelayedAckTimeout <= TimeSpan.Zero || delayedAck.Received(length, endpoint.Mss))
        {
            SendAck();
            return;
        }
        if (!Timers.IsTimerActive(DelayedAckTick.Instance))
            Timers.StartSingleTimer(DelayedAckTick.Instance, DelayedAckTick.Instance, settings.DelayedAckTimeout);
    }

    private void OnDelayedAckTick()
    {
        if (delayedAck.Pending)
            SendAck();
    }

    private void StartKeepAlive()
    {
        keepAlive.Heard(Now);
        if (options.KeepAlive)
            Timers.StartSingleTimer(KeepAliveTick.Instance, KeepAliveTick.Instance, keepAlive.Idle);
        else
            Timers.Cancel(KeepAliveTick.Instance);
    }

    /// <summary>RFC 1122 4.2.3.6: a probe is an ACK with SEG.SEQ = SND.NXT - 1, which the peer must answer with an ACK
    /// (RFC 9293 3.10.7.4 first check) though it carries nothing. Sent only while nothing is outstanding: with data in
    /// flight the retransmission timer finds a dead peer.</summary>
    private void OnKeepAliveTick()
    {
        if (!options.KeepAlive)
            return;
        if (sndMax != sndUna || sendBuffer.Count > 0)
        {
            keepAlive.Heard(Now);
            Timers.StartSingleTimer(KeepAliveTick.Instance, KeepAliveTick.Instance, keepAlive.Idle);
            return;
        }
        var decision = keepAlive.Tick(Now);
        switch (decision.Action)
        {
            case KeepAlive.Action.Expire:
                SendControl(sndNxt, TcpFlags.Rst, withMss: false);
                Fail(TcpError.Etimedout);
                return;
            case KeepAlive.Action.Probe:
                SendControl(sndNxt - 1, TcpFlags.Ack, withMss: false);
                break;
        }
        Timers.StartSingleTimer(KeepAliveTick.Instance, KeepAliveTick.Instance, decision.Delay);
    }

    /// <summary>RFC 6298 5.3 restarts the timer on every ACK of new data: that moves a deadline, and the timer itself is
    /// set again only when it would fire late, or when it fires early (a lazy timer, as BSD's and Linux's TCP keep), so
    /// a bulk transfer does not schedule and cancel a timer per ACK.</summary>
    private void StartRetransmitTimer()
    {
        retransmitDeadline = Now + rto.Current;
        if (Timers.IsTimerActive(RetransmitTick.Instance) && retransmitTimerDue <= retransmitDeadline)
            return;
        retransmitTimerDue = retransmitDeadline;
        Timers.StartSingleTimer(RetransmitTick.Instance, RetransmitTick.Instance, rto.Current);
    }

    private void StartPersistTimer() =>
        Timers.StartSingleTimer(PersistTick.Instance, PersistTick.Instance, persist.Interval(rto.Current, settings.MaximumRto));

    /// <summary>RCV.WND (RFC 9293 3.3.1), as the receive window's rules give it: bytes held out of order lie inside [RCV.NXT, RCV.NXT + RCV.WND)
    /// already, so they do not shrink it: the segment that fills the hole before them must stay acceptable.</summary>
    private int ReceiveWindow() => receiveWindow.Current(rcvNxt, undeliveredBytes, sendMss);
}
