using Enet.Codecs;
using Enet.Runtime.Actor;

namespace Enet.Actors.Tcp;

/// <summary>
/// One TCP connection (RFC 9293): its states are named behaviours switched with Become, from SYN-SENT or
/// SYN-RECEIVED to TIME-WAIT; LISTEN is a <see cref="TcpListener"/>. Reliability is RFC 6298's retransmission timer
/// over the send buffer (which is the retransmission queue), with Karn's rule and a bounded number of expiries;
/// received data goes to the handler in order, segments beyond RCV.NXT wait in a bounded
/// <see cref="OutOfOrderQueue"/>, and the window advertised is the receive buffer's free space.
/// </summary>
public sealed class TcpConnection : ReceiveActor
{
    /// <summary>A segment for this connection's 4-tuple, checksum verified by the layer.</summary>
    internal sealed record Inbound(Bytes Segment);

    /// <summary>What the connection was made for.</summary>
    internal abstract record Opening
    {
        /// <summary>RFC 9293 3.5 active open, for <paramref name="Commander"/>.</summary>
        public sealed record Active(Tcp.Connect Connect, IActorRef Commander) : Opening;

        /// <summary>A listener accepted <paramref name="Syn"/>.</summary>
        public sealed record Passive(Bytes Syn, IActorRef Handler, IActorRef Listener) : Opening;
    }

    internal sealed record Endpoint(IActorRef Ipv4, IActorRef Layer, ConnectionId Id, TcpCounters Counters, TcpSettings Settings,
        int Mss, SequenceNumber Iss);

    private sealed record RetransmitTick
    {
        public static RetransmitTick Instance { get; } = new();
    }

    private sealed record ConnectTimeout
    {
        public static ConnectTimeout Instance { get; } = new();
    }

    private sealed record TimeWaitExpired
    {
        public static TimeWaitExpired Instance { get; } = new();
    }

    private sealed record FinWait2Expired
    {
        public static FinWait2Expired Instance { get; } = new();
    }

    /// <summary>Which close the user asked for decides the event at the end (Akka.IO: Close, ConfirmedClose, or none
    /// after PeerClosed when the connection closes itself).</summary>
    private enum CloseKind
    {
        None,
        Close,
        Confirmed,
        AfterPeerClosed,
    }

    /// <summary>Flags a segment arrives with, read once from the view (which cannot be kept in a field).</summary>
    private readonly record struct Segment(SequenceNumber Seq, SequenceNumber Ack, TcpFlags Flags, int Window, int DataOffset,
        int DataLength, int PeerMss)
    {
        public bool Has(TcpFlags flag) => (Flags & flag) != 0;

        public int Length => DataLength + (Has(TcpFlags.Syn) ? 1 : 0) + (Has(TcpFlags.Fin) ? 1 : 0);
    }

    private readonly Endpoint endpoint;
    private readonly Opening opening;
    private readonly TcpSettings settings;
    private readonly TcpCounters counters;
    private readonly SendBuffer sendBuffer;
    private readonly OutOfOrderQueue outOfOrder;
    private readonly RetransmissionTimeout rto;
    private readonly List<Bytes> undelivered = [];
    private TcpState state;
    private IActorRef? handler;
    private bool keepOpenOnPeerClosed;
    private CloseKind closeKind;
    private IActorRef? closeCommander;
    private bool countedEstablished;

    // RFC 9293 3.3.1 send sequence variables; sndMax is the highest SND.NXT reached, so acknowledgments of data sent
    // before a go-back retransmission stay acceptable.
    private readonly SequenceNumber iss;
    private SequenceNumber sndUna, sndNxt, sndMax, sndWl1, sndWl2;
    private int sndWnd;
    private int sendMss;

    // Receive sequence variables.
    private SequenceNumber irs, rcvNxt;
    private int undeliveredBytes;

    /// <summary>Our FIN is queued after the data in the send buffer; <see cref="finAcked"/> once SND.UNA passed it.</summary>
    private bool finQueued, finAcked;

    /// <summary>The peer's FIN arrived ahead of a hole; it takes effect when RCV.NXT reaches it.</summary>
    private SequenceNumber? peerFin;

    // RFC 6298 3 (Karn): one segment at a time is timed, never one that was retransmitted.
    private SequenceNumber? timedSeq;
    private DateTimeOffset timedAt;

    internal TcpConnection(Endpoint endpoint, Opening opening)
    {
        this.endpoint = endpoint;
        this.opening = opening;
        settings = endpoint.Settings;
        counters = endpoint.Counters;
        sendBuffer = new SendBuffer(settings.SendBuffer);
        outOfOrder = new OutOfOrderQueue(settings.MaxOutOfOrderSegments);
        rto = new RetransmissionTimeout(settings.InitialRto, settings.MinimumRto, settings.MaximumRto);
        iss = endpoint.Iss;
        sndUna = iss;
        sndNxt = iss + 1;
        sndMax = sndNxt;
        sendMss = Math.Min(536, endpoint.Mss);
    }

    internal static Props Props(Endpoint endpoint, Opening opening) =>
        Runtime.Actor.Props.Create(() => new TcpConnection(endpoint, opening));

    private ConnectionId Id => endpoint.Id;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        switch (opening)
        {
            case Opening.Active active:
                // RFC 9293 3.10.1 OPEN (active): send SYN with our MSS (3.7.1), enter SYN-SENT.
                SendControl(iss, TcpFlags.Syn, withMss: true);
                timedSeq = iss;
                timedAt = Now;
                StartRetransmitTimer();
                if (active.Connect.Timeout is { } timeout)
                    Context.Timers.StartSingleTimer(ConnectTimeout.Instance, ConnectTimeout.Instance, timeout);
                SynSent();
                break;
            case Opening.Passive passive:
                // RFC 9293 3.10.7.2 LISTEN, third check: RCV.NXT = SEG.SEQ + 1, IRS = SEG.SEQ, send <SEQ=ISS><ACK=RCV.NXT>
                // <CTL=SYN,ACK>, enter SYN-RECEIVED.
                if (!TryRead(passive.Syn, out var syn))
                {
                    passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                    Context.Stop(Self);
                    return;
                }
                irs = syn.Seq;
                rcvNxt = irs + 1;
                UpdateWindow(syn);
                sendMss = Math.Min(syn.PeerMss, endpoint.Mss);
                SendControl(iss, TcpFlags.Syn | TcpFlags.Ack, withMss: true);
                timedSeq = iss;
                timedAt = Now;
                StartRetransmitTimer();
                SynReceived();
                break;
        }
    }

    // ---- behaviours (RFC 9293 3.3.2) ----

    private void SynSent()
    {
        state = TcpState.SynSent;
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynSent(s); });
            Receive<RetransmitTick>(_ => OnRetransmitTick());
            Receive<ConnectTimeout>(_ => Fail(TcpError.Etimedout));
            Receive<Tcp.Abort>(_ => Fail(TcpError.Closed));
            Common();
        });
    }

    private void SynReceived()
    {
        state = TcpState.SynReceived;
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
            Receive<RetransmitTick>(_ => OnRetransmitTick());
            Receive<ConnectTimeout>(_ => Fail(TcpError.Etimedout));
            Receive<Tcp.Abort>(_ => Fail(TcpError.Closed));
            Common();
        });
    }

    private void Established()
    {
        state = TcpState.Established;
        Become(() =>
        {
            Receive<Tcp.Close>(_ => StartClose(CloseKind.Close, TcpState.FinWait1));
            Receive<Tcp.ConfirmedClose>(_ => StartClose(CloseKind.Confirmed, TcpState.FinWait1));
            Open();
        });
    }

    private void CloseWait()
    {
        state = TcpState.CloseWait;
        Become(() =>
        {
            Receive<Tcp.Close>(_ => StartClose(CloseKind.Close, TcpState.LastAck));
            Receive<Tcp.ConfirmedClose>(_ => StartClose(CloseKind.Confirmed, TcpState.LastAck));
            Open();
        });
    }

    private void FinWait1() => Closing(TcpState.FinWait1);

    private void FinWait2()
    {
        // An orphan (Close, not ConfirmedClose) must not wait for the peer's FIN for ever (Linux tcp_fin_timeout).
        if (closeKind == CloseKind.Close)
            Context.Timers.StartSingleTimer(FinWait2Expired.Instance, FinWait2Expired.Instance, 2 * settings.MaximumSegmentLifetime);
        Closing(TcpState.FinWait2);
    }

    private void ClosingState() => Closing(TcpState.Closing);

    private void LastAck() => Closing(TcpState.LastAck);

    private void TimeWait()
    {
        state = TcpState.TimeWait;
        Context.Timers.Cancel(RetransmitTick.Instance);
        Context.Timers.Cancel(FinWait2Expired.Instance);
        // RFC 9293 3.6: TIME-WAIT lasts 2 MSL, so old duplicates die out and a lost final ACK can be resent.
        Context.Timers.StartSingleTimer(TimeWaitExpired.Instance, TimeWaitExpired.Instance, 2 * settings.MaximumSegmentLifetime);
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
            Receive<TimeWaitExpired>(_ => Context.Stop(Self));
            Receive<Tcp.Write>(w => Sender.Tell(new Tcp.CommandFailed(w, TcpError.Closed), Self));
            Receive<Tcp.Abort>(_ => Context.Stop(Self));
            Common();
        });
    }

    /// <summary>The states after our FIN is queued: no more writes, segments still processed.</summary>
    private void Closing(TcpState closing)
    {
        state = closing;
        Become(() =>
        {
            Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
            Receive<RetransmitTick>(_ => OnRetransmitTick());
            Receive<FinWait2Expired>(_ => Context.Stop(Self));
            Receive<Tcp.Write>(w => Sender.Tell(new Tcp.CommandFailed(w, TcpError.Closed), Self));
            Receive<Tcp.Abort>(_ => Abort());
            Receive<Tcp.Register>(Register);
            Common();
        });
    }

    /// <summary>ESTABLISHED and CLOSE-WAIT: we may still send.</summary>
    private void Open()
    {
        Receive<Inbound>(i => { if (TryRead(i.Segment, out var s)) OnSynchronized(s, i.Segment); });
        Receive<RetransmitTick>(_ => OnRetransmitTick());
        Receive<Tcp.Register>(Register);
        Receive<Tcp.Write>(Write);
        Receive<Tcp.Abort>(_ => Abort());
        Common();
    }

    /// <summary>Last in every behaviour: queries, stale timers, and commands the state has no use for.</summary>
    private void Common()
    {
        Receive<Tcp.GetConnectionInfo>(_ => Sender.Tell(new Tcp.ConnectionInfo(state, sndUna.Value, sndNxt.Value, sndWnd, rcvNxt.Value,
            ReceiveWindow(), sendMss, rto.Current, rto.SmoothedRtt), Self));
        Receive<ConnectTimeout>(_ => { });
        Receive<TimeWaitExpired>(_ => { });
        Receive<FinWait2Expired>(_ => { });
        Receive<RetransmitTick>(_ => { });
        Receive<Tcp.Command>(c => Sender.Tell(new Tcp.CommandFailed(c, state is TcpState.SynSent or TcpState.SynReceived
            ? TcpError.Enotconn : TcpError.Closed), Self));
    }

    // ---- user commands (RFC 9293 3.10) ----

    private void Register(Tcp.Register register)
    {
        handler = register.Handler;
        keepOpenOnPeerClosed = register.KeepOpenOnPeerClosed;
        var wasClosed = ReceiveWindow() == 0;
        foreach (var data in undelivered)
            handler.Tell(new Tcp.Received(data), Self);
        undelivered.Clear();
        undeliveredBytes = 0;
        // The window opened by what the handler took: tell the peer if it had none.
        if (wasClosed)
            SendAck();
    }

    private void Write(Tcp.Write write)
    {
        // RFC 9293 3.10.2 SEND: data is queued and sent as the window allows; a full buffer refuses the write.
        if (!sendBuffer.TryAppend(write.Data.Span))
        {
            Sender.Tell(new Tcp.CommandFailed(write, TcpError.Enobufs), Self);
            return;
        }
        if (write.Ack is { } ack)
            Sender.Tell(ack, Self);
        Output();
    }

    /// <summary>RFC 9293 3.10.4 CLOSE in ESTABLISHED or CLOSE-WAIT: the FIN follows the queued data.</summary>
    private void StartClose(CloseKind kind, TcpState next)
    {
        closeKind = kind;
        closeCommander = Sender;
        finQueued = true;
        LeaveEstablished();
        if (next == TcpState.FinWait1)
            FinWait1();
        else
            LastAck();
        Output();
    }

    /// <summary>RFC 9293 3.10.5 ABORT: a reset with SEQ = SND.NXT, queues dropped.</summary>
    private void Abort()
    {
        SendControl(sndNxt, TcpFlags.Rst, withMss: false);
        Finish(Tcp.Aborted.Instance, Sender);
    }

    // ---- segment arrival (RFC 9293 3.10.7) ----

    private bool TryRead(Bytes bytes, out Segment segment)
    {
        if (!TcpPacket.TryParse(bytes.Span, out var packet, out _))
        {
            segment = default;
            return false;
        }
        var flags = packet.Flags;
        segment = new Segment(new SequenceNumber(packet.SequenceNumber), new SequenceNumber(packet.AcknowledgmentNumber), flags,
            packet.Window, packet.HeaderLength, packet.Payload.Length, (flags & TcpFlags.Syn) != 0 ? TcpOutput.PeerMss(packet) : 0);
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
                    SendControl(s.Ack, TcpFlags.Rst, withMss: false);
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
        sendMss = Math.Min(s.PeerMss, endpoint.Mss);
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
            SendControl(iss, TcpFlags.Syn | TcpFlags.Ack, withMss: true);
            SynReceived();
        }
    }

    /// <summary>RFC 9293 3.10.7.4: a segment in SYN-RECEIVED or a synchronized state.</summary>
    private void OnSynchronized(Segment s, Bytes bytes)
    {
        // A retransmitted SYN in SYN-RECEIVED means our SYN,ACK was lost: send it again.
        if (state == TcpState.SynReceived && s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Ack) && s.Seq == irs)
        {
            SendControl(iss, TcpFlags.Syn | TcpFlags.Ack, withMss: true);
            return;
        }
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
            if (!s.Has(TcpFlags.Rst))
                SendAck();
            return;
        }
        // Second check, RST: RFC 5961 3.2 resets only on an exact SEG.SEQ = RCV.NXT; in window otherwise, a challenge ACK.
        if (s.Has(TcpFlags.Rst))
        {
            if (s.Seq != rcvNxt)
                SendAck();
            else
                OnReset();
            return;
        }
        // Fourth check, SYN in a synchronized state: RFC 5961 4.2's challenge ACK, whatever its sequence number.
        if (s.Has(TcpFlags.Syn))
        {
            SendAck();
            return;
        }
        // Fifth check, ACK: a segment without one is dropped.
        if (!s.Has(TcpFlags.Ack))
            return;
        if (state == TcpState.SynReceived)
        {
            if (!s.Ack.After(sndUna, sndNxt))
            {
                SendControl(s.Ack, TcpFlags.Rst, withMss: false);
                return;
            }
            BecomeEstablished();
        }
        if (s.Ack > sndMax)
        {
            // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT) then send an ACK, drop the segment."
            SendAck();
            return;
        }
        // RFC 9293 3.10.7.4: the window is taken from the newest segment (SND.WL1/SND.WL2), never an older one.
        if (s.Ack >= sndUna && (sndWl1 < s.Seq || sndWl1 == s.Seq && sndWl2 <= s.Ack))
            UpdateWindow(s);
        if (s.Ack > sndUna)
            OnNewAck(s.Ack);
        else
            Output();
        if (finAcked)
        {
            switch (state)
            {
                case TcpState.FinWait1:
                    FinAcknowledged();
                    FinWait2();
                    break;
                case TcpState.Closing:
                    FinAcknowledged();
                    TimeWait();
                    break;
                case TcpState.LastAck:
                    Finish(closeKind switch
                    {
                        CloseKind.Confirmed => Tcp.ConfirmedClosed.Instance,
                        CloseKind.Close => Tcp.Closed.Instance,
                        _ => null,
                    }, closeCommander);
                    return;
            }
        }
        if (state == TcpState.TimeWait)
        {
            // RFC 9293 3.10.7.4: the only thing arriving in TIME-WAIT is a retransmitted FIN; ACK it, restart 2 MSL.
            if (s.Has(TcpFlags.Fin))
            {
                SendAck();
                TimeWait();
            }
            return;
        }
        // Seventh check, the segment text; trimmed to what is new and what fits the window.
        if (zeroWindowControl)
            return;
        var skip = rcvNxt - s.Seq;
        var dataStart = s.DataOffset + Math.Max(0, skip);
        var dataLength = Math.Min(s.DataLength - Math.Max(0, skip), window - Math.Max(0, -skip));
        var fin = s.Has(TcpFlags.Fin) && dataLength == s.DataLength - Math.Max(0, skip);
        var start = skip > 0 ? rcvNxt : s.Seq;
        if (dataLength > 0 && state is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
        {
            if (start == rcvNxt)
            {
                Deliver(bytes.Memory.Slice(dataStart, dataLength));
                rcvNxt += dataLength;
                var queued = outOfOrder.TakeFrom(rcvNxt);
                if (queued.Length > 0)
                {
                    Deliver(queued);
                    rcvNxt += queued.Length;
                }
            }
            else
                outOfOrder.Insert(start, bytes.Span.Slice(dataStart, dataLength));
        }
        else if (dataLength < 0)
            fin = false;
        // Eighth check, FIN: it takes effect only in order (RFC 9293 3.10.7.4, "FIN implies PUSH ... signal the user").
        if (fin)
            peerFin = start + Math.Max(0, dataLength);
        if (peerFin == rcvNxt && state is TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)
            OnPeerFin();
        else if (length > 0)
            SendAck();
    }

    /// <summary>RFC 9293 3.10.7.4 second check: an acceptable reset.</summary>
    private void OnReset()
    {
        switch (state)
        {
            case TcpState.SynReceived when opening is Opening.Passive passive:
                // "If this connection was initiated with a passive OPEN, then return this connection to the LISTEN state."
                passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                Context.Stop(Self);
                break;
            case TcpState.SynReceived:
                Fail(TcpError.Econnrefused);
                break;
            case TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait:
                TcpCounters.Increment(ref counters.EstabResets);
                Finish(new Tcp.ErrorClosed(TcpError.Econnreset), null);
                break;
            default:
                // CLOSING, LAST-ACK, TIME-WAIT: "enter the CLOSED state, delete the TCB, and return".
                Context.Stop(Self);
                break;
        }
    }

    private void OnPeerFin()
    {
        peerFin = null;
        rcvNxt += 1;
        SendAck();
        switch (state)
        {
            case TcpState.Established:
                CloseWait();
                Notify(Tcp.PeerClosed.Instance);
                if (!keepOpenOnPeerClosed)
                {
                    closeKind = CloseKind.AfterPeerClosed;
                    finQueued = true;
                    LeaveEstablished();
                    LastAck();
                    Output();
                }
                break;
            case TcpState.FinWait1:
                // Simultaneous close (RFC 9293 3.6, figure 13): both FINs in flight.
                ClosingState();
                break;
            case TcpState.FinWait2:
                TimeWait();
                if (closeKind == CloseKind.Confirmed)
                    Notify(Tcp.ConfirmedClosed.Instance, closeCommander);
                break;
        }
    }

    /// <summary>Our FIN was acknowledged: a Close is done; a ConfirmedClose when the peer's FIN is in too.</summary>
    private void FinAcknowledged()
    {
        Context.Timers.Cancel(RetransmitTick.Instance);
        if (closeKind == CloseKind.Close)
            Notify(Tcp.Closed.Instance, closeCommander);
        else if (closeKind == CloseKind.Confirmed && state == TcpState.Closing)
            Notify(Tcp.ConfirmedClosed.Instance, closeCommander);
    }

    private void OnNewAck(SequenceNumber ack)
    {
        var acked = ack - sndUna;
        if (sndUna == iss)
        {
            // The SYN's sequence number is acknowledged first.
            acked--;
        }
        var data = Math.Min(acked, sendBuffer.Count);
        sendBuffer.Discard(data);
        if (finQueued && acked > data)
            finAcked = true;
        sndUna = ack;
        if (sndNxt < sndUna)
            sndNxt = sndUna;
        // RFC 6298 2.2/2.3 with Karn's rule (3): a sample only from a segment sent once.
        if (timedSeq is { } timed && ack > timed)
        {
            rto.Sample(Now - timedAt);
            timedSeq = null;
        }
        rto.Acknowledged();
        // RFC 6298 5.2, 5.3: all acknowledged, stop the timer; otherwise restart it for the rest.
        if (sndUna == sndMax)
            Context.Timers.Cancel(RetransmitTick.Instance);
        else
            StartRetransmitTimer();
        Output();
    }

    private void UpdateWindow(Segment s)
    {
        sndWnd = s.Window;
        sndWl1 = s.Seq;
        sndWl2 = s.Ack;
    }

    /// <summary>RFC 6298 5: an expiry retransmits the earliest unacknowledged segment with the timeout doubled; after
    /// the bound, the connection ends with etimedout (RFC 1122 4.2.3.5 R2).</summary>
    private void OnRetransmitTick()
    {
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

    // ---- sending ----

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
        Span<byte> payload = length <= 2048 ? stackalloc byte[length] : new byte[length];
        sendBuffer.CopyTo(offset, payload);
        var flags = TcpFlags.Ack | (length > 0 && offset + length == sendBuffer.Count ? TcpFlags.Psh : 0) | (withFin ? TcpFlags.Fin : 0);
        TcpOutput.Send(endpoint.Ipv4, Self, counters, Id, seq, rcvNxt, flags, (ushort)ReceiveWindow(), payload);
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

    private void StartRetransmitTimer() =>
        Context.Timers.StartSingleTimer(RetransmitTick.Instance, RetransmitTick.Instance, rto.Current);

    /// <summary>RFC 9293 3.8.6: the window is the receive buffer's free space; 16 bits without window scaling. Bytes held
    /// out of order lie inside [RCV.NXT, RCV.NXT + RCV.WND) already, so they do not shrink it: the segment that fills
    /// the hole before them must stay acceptable.</summary>
    private int ReceiveWindow() => Math.Clamp(settings.ReceiveBuffer - undeliveredBytes, 0, ushort.MaxValue);

    // ---- to the user ----

    private void BecomeEstablished()
    {
        Context.Timers.Cancel(ConnectTimeout.Instance);
        TcpCounters.Increment(ref counters.CurrEstab);
        countedEstablished = true;
        Established();
        var connected = new Tcp.Connected(Id.RemoteAddress, Id.RemotePort, Id.LocalAddress, Id.LocalPort);
        switch (opening)
        {
            case Opening.Active active:
                active.Commander.Tell(connected, Self);
                break;
            case Opening.Passive passive:
                passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                passive.Handler.Tell(connected, Self);
                break;
        }
    }

    private void LeaveEstablished()
    {
        if (countedEstablished)
            TcpCounters.Decrement(ref counters.CurrEstab);
        countedEstablished = false;
    }

    private void Deliver(ReadOnlyMemory<byte> data)
    {
        if (handler is not null)
            handler.Tell(new Tcp.Received(data), Self);
        else
        {
            undelivered.Add(data);
            undeliveredBytes += data.Length;
        }
    }

    private IActorRef? Owner => handler ?? opening switch
    {
        Opening.Active active => active.Commander,
        Opening.Passive passive => passive.Handler,
        _ => null,
    };

    private void Notify(Tcp.ConnectionClosed closed, IActorRef? alsoTo = null)
    {
        var owner = Owner;
        owner?.Tell(closed, Self);
        if (alsoTo is not null && !alsoTo.Equals(owner))
            alsoTo.Tell(closed, Self);
    }

    /// <summary>The connection failed: before ESTABLISHED the Connect fails, after it the handler hears ErrorClosed.</summary>
    private void Fail(TcpError reason)
    {
        switch (opening)
        {
            case Opening.Active active when state is TcpState.SynSent or TcpState.SynReceived:
                TcpCounters.Increment(ref counters.AttemptFails);
                active.Commander.Tell(new Tcp.CommandFailed(active.Connect, reason), Self);
                Context.Stop(Self);
                return;
            case Opening.Passive passive when state is TcpState.SynReceived:
                TcpCounters.Increment(ref counters.AttemptFails);
                passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                Context.Stop(Self);
                return;
        }
        Finish(new Tcp.ErrorClosed(reason), null);
    }

    private void Finish(Tcp.ConnectionClosed? closed, IActorRef? alsoTo)
    {
        LeaveEstablished();
        if (closed is not null)
            Notify(closed, alsoTo);
        Context.Stop(Self);
    }
}
