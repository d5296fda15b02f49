using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpConnection: Sending and retransmission: the send window, segment sizing, the RFC 6298 timer, the advertised window.
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
            Context.Timers.StartSingleTimer(RetransmitTick.Instance, RetransmitTick.Instance, retransmitDeadline - Now);
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
        rto.Backoff();
        timedSeq = null;
        if (state == TcpState.SynSent)
            SendControl(iss, TcpFlags.Syn, withMss: true);
        else if (state == TcpState.SynReceived)
            SendControl(iss, TcpFlags.Syn | TcpFlags.Ack, withMss: true);
        else
        {
            // Go back to SND.UNA: what the peer already holds out of order makes its cumulative ACK jump past it.
            sndNxt = sndUna;
            Output(maxSegments: 1, probe: true);
        }
        StartRetransmitTimer();
        // Counted after the timer is set: whoever sees the count may move (virtual) time on at once.
        TcpCounters.Increment(ref counters.RetransSegs);
    }



    /// <summary>Sends what the peer's window allows (RFC 9293 3.8.6: never beyond SND.UNA + SND.WND), in segments of
    /// at most the peer's MSS (3.7.1), then the FIN once all data is out. A probe sends one segment even into a zero
    /// window (RFC 9293 3.8.6.1).</summary>
    private void Output(int maxSegments = int.MaxValue, bool probe = false)
    {
        if (state is TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait)
            return;
        for (var sent = 0; sent < maxSegments; sent++)
        {
            var offset = sndNxt - sndUna;
            var unsent = sendBuffer.Count - offset;
            var usable = Math.Max(sndWnd - offset, probe && sent == 0 ? 1 : 0);
            if (unsent > 0 && usable > 0)
            {
                var length = Math.Min(Math.Min(unsent, usable), sendMss);
                var withFin = finQueued && length == unsent;
                SendData(offset, length, withFin);
                continue;
            }
            if (finQueued && !finAcked && unsent == 0 && offset == sendBuffer.Count)
            {
                SendData(offset, 0, withFin: true);
                continue;
            }
            break;
        }
        if (sndUna != sndMax && !Context.Timers.IsTimerActive(RetransmitTick.Instance))
            StartRetransmitTimer();
        else if (sndUna == sndMax && sendBuffer.Count > 0 && sndWnd == 0 && !Context.Timers.IsTimerActive(RetransmitTick.Instance))
            StartRetransmitTimer();
    }

    private void SendData(int offset, int length, bool withFin)
    {
        var seq = sndNxt;
        var flags = TcpFlags.Ack | (length > 0 && offset + length == sendBuffer.Count ? TcpFlags.Psh : 0) | (withFin ? TcpFlags.Fin : 0);
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, seq, rcvNxt, flags, (ushort)ReceiveWindow(), sendBuffer, offset, length);
        sndNxt += length + (withFin ? 1 : 0);
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

    private void SendAck() =>
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, sndNxt, rcvNxt, TcpFlags.Ack, (ushort)ReceiveWindow(), []);

    private void SendControl(SequenceNumber seq, TcpFlags flags, bool withMss) =>
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, seq, rcvNxt, flags, (ushort)ReceiveWindow(), [],
            withMss ? (ushort)endpoint.Mss : null);

    /// <summary>RFC 6298 5.3 restarts the timer on every ACK of new data: that moves a deadline, and the timer itself is
    /// set again only when it would fire late, or when it fires early (a lazy timer, as BSD's and Linux's TCP keep), so
    /// a bulk transfer does not schedule and cancel a timer per ACK.</summary>
    private void StartRetransmitTimer()
    {
        retransmitDeadline = Now + rto.Current;
        if (Context.Timers.IsTimerActive(RetransmitTick.Instance) && retransmitTimerDue <= retransmitDeadline)
            return;
        retransmitTimerDue = retransmitDeadline;
        Context.Timers.StartSingleTimer(RetransmitTick.Instance, RetransmitTick.Instance, rto.Current);
    }

    /// <summary>RFC 9293 3.8.6: the window is the receive buffer's free space; 16 bits without window scaling. Bytes held
    /// out of order lie inside [RCV.NXT, RCV.NXT + RCV.WND) already, so they do not shrink it: the segment that fills
    /// the hole before them must stay acceptable.</summary>
    private int ReceiveWindow() => Math.Clamp(receiveBuffer - undeliveredBytes, 0, ushort.MaxValue);
}
