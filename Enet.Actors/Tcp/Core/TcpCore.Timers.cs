using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: Time: the RFC 6298 retransmission timer, the persist timer, delayed ACKs, keep-alive, the connect timeout,
// FIN-WAIT-2's and TIME-WAIT's ends. Each is a deadline; PollAt is the earliest, Dispatch runs those due.
public sealed partial class TcpCore
{
    private DateTimeOffset? retransmitDeadline, persistDeadline, delayedAckDeadline, keepAliveDeadline, connectDeadline,
        finWait2Deadline, timeWaitDeadline, reorderDeadline, probeDeadline;

    /// <summary>When <see cref="Dispatch"/> must run next; null when no timer runs.</summary>
    public DateTimeOffset? PollAt()
    {
        DateTimeOffset? earliest = null;
        foreach (var deadline in (ReadOnlySpan<DateTimeOffset?>)[connectDeadline, retransmitDeadline, persistDeadline,
                     delayedAckDeadline, keepAliveDeadline, finWait2Deadline, timeWaitDeadline, reorderDeadline, probeDeadline])
            if (deadline is { } d && (earliest is null || d < earliest))
                earliest = d;
        return earliest;
    }

    /// <summary>Runs every timer due at <paramref name="time"/>, in a fixed order.</summary>
    public void Dispatch(DateTimeOffset time)
    {
        now = time;
        if (Due(ref connectDeadline))
        {
            Fail(TcpError.Etimedout);
            return;
        }
        if (Due(ref timeWaitDeadline) || Due(ref finWait2Deadline))
        {
            Finish(null);
            return;
        }
        if (Due(ref retransmitDeadline))
            OnRetransmitTimeout();
        if (Due(ref reorderDeadline))
            OnReorderTimeout();
        if (Due(ref probeDeadline))
            OnProbeTimeout();
        if (Due(ref persistDeadline))
            OnPersistTimeout();
        if (Due(ref delayedAckDeadline) && delayedAck.Pending)
            SendAck();
        if (Due(ref keepAliveDeadline))
            OnKeepAliveTimeout();
    }

    private bool Due(ref DateTimeOffset? deadline)
    {
        if (State == TcpState.Closed || deadline is not { } d || d > now)
            return false;
        deadline = null;
        return true;
    }

    private void ClearTimers() =>
        retransmitDeadline = persistDeadline = delayedAckDeadline = keepAliveDeadline = connectDeadline = finWait2Deadline =
            timeWaitDeadline = reorderDeadline = probeDeadline = null;

    /// <summary>RFC 6298 5: an expiry retransmits the earliest unacknowledged segment with the timeout doubled; after
    /// the bound, the connection ends with etimedout (RFC 1122 4.2.3.5 R2).</summary>
    private void OnRetransmitTimeout()
    {
        var handshaking = Handshaking;
        if (rto.Backoffs >= (handshaking ? settings.MaxSynRetransmissions : settings.MaxRetransmissions))
        {
            if (!handshaking)
                SendControl(sndNxt, TcpFlags.Rst);
            Fail(TcpError.Etimedout);
            return;
        }
        var firstExpiry = rto.Backoffs == 0;
        rto.Backoff();
        synTimedOut |= handshaking;
        timedSeq = null;
        retransmits++;
        timeouts++;
        TcpCounters.Increment(ref counters.RetransSegs);
        if (State == TcpState.SynSent)
            SendSyn(TcpFlags.Syn);
        else if (State == TcpState.SynReceived)
            SendSyn(TcpFlags.Syn | TcpFlags.Ack);
        else
        {
            // RFC 5681 3.1: the loss window; RFC 6582 3.2: recover is what was sent so far.
            congestion.OnRetransmitTimeout(sndMax - sndUna, sndMax, firstExpiry);
            // RFC 2018 8: the peer may have discarded what it SACKed (reneging); a second expiry of the same segment
            // suggests it did, so the scoreboard is forgotten and the go-back sends everything again.
            if (!firstExpiry)
                scoreboard.Clear();
            // RFC 8985 7.2: no probe while the go-back recovers what was in flight; 7.4.2: a probe's loss, if any, is
            // this timeout's now.
            probeEnd = timeoutRecoveryEnd = sndMax;
            probeRetransmitted = false;
            // Go back to SND.UNA: what the peer already holds out of order makes its cumulative ACK jump past it. Into
            // a closed window nothing goes: the persist timer takes over (RFC 9293 3.8.6.1).
            sndNxt = sndUna;
            Output(maxSegments: 1, force: true);
        }
        if (handshaking)
            StartRetransmitTimer();
    }

    /// <summary>RFC 9293 3.8.6.1: the peer's window is closed (or too small to use, RFC 1122 4.2.3.4 (4)) with data
    /// waiting: send one octet into it (or what fits), so the ACK it draws tells us when the window opens. Probes
    /// answered keep the connection open for ever (RFC 1122 4.2.2.17); only unanswered ones count toward the bound.</summary>
    private void OnPersistTimeout()
    {
        if (sndNxt != sndUna || sendBuffer.Count == 0)
            return;
        if (persist.Unanswered >= settings.MaxRetransmissions)
        {
            SendControl(sndNxt, TcpFlags.Rst);
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

    /// <summary>RFC 1122 4.2.3.6: a probe is an ACK with SEG.SEQ = SND.NXT - 1, which the peer must answer with an ACK
    /// (RFC 9293 3.10.7.4 first check) though it carries nothing. Sent only while nothing is outstanding: with data in
    /// flight the retransmission timer finds a dead peer.</summary>
    private void OnKeepAliveTimeout()
    {
        if (!Options.KeepAlive || State is not (TcpState.Established or TcpState.CloseWait))
            return;
        if (sndMax != sndUna || sendBuffer.Count > 0)
        {
            keepAlive.Heard(now);
            keepAliveDeadline = now + keepAlive.Idle;
            return;
        }
        var decision = keepAlive.Tick(now);
        switch (decision.Action)
        {
            case KeepAlive.Action.Expire:
                SendControl(sndNxt, TcpFlags.Rst);
                Fail(TcpError.Etimedout);
                return;
            case KeepAlive.Action.Probe:
                SendControl(sndNxt - 1, TcpFlags.Ack);
                break;
        }
        keepAliveDeadline = now + decision.Delay;
    }

    private void StartKeepAlive()
    {
        keepAlive.Heard(now);
        keepAliveDeadline = Options.KeepAlive ? now + keepAlive.Idle : null;
    }

    /// <summary>RFC 6298 5.1: the retransmission timer runs while sent data is unacknowledged; otherwise, with data
    /// waiting for the window, the persist timer does (RFC 9293 3.8.6.1).</summary>
    private void ArmSendTimers()
    {
        if (sndNxt != sndUna)
        {
            persistDeadline = null;
            persist.Reset();
            if (retransmitDeadline is null)
                StartRetransmitTimer();
            ArmProbe();
            return;
        }
        retransmitDeadline = probeDeadline = null;
        if (sendBuffer.Count == 0)
        {
            persistDeadline = null;
            persist.Reset();
        }
        else if (persistDeadline is null)
            StartPersistTimer();
    }

    /// <summary>RFC 6298 5.3: restarted on every ACK of new data; a deadline, so moving it costs nothing.</summary>
    private void StartRetransmitTimer() => retransmitDeadline = now + rto.Current;

    private void StartPersistTimer() => persistDeadline = now + persist.Interval(rto.Current, settings.MaximumRto);
}
