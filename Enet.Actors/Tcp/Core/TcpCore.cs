using Enet.Codecs;

namespace Enet.Actors.Tcp;

/// <summary>
/// One TCP connection (RFC 9293) with no actor and no I/O, in the shape of smoltcp's socket or gVisor's endpoint:
/// segments go in through <see cref="Process"/>, user calls through <see cref="Send"/>, <see cref="Close"/>,
/// <see cref="Abort"/> and <see cref="SetOptions"/>, time through <see cref="Dispatch"/> when <see cref="PollAt"/>
/// is due; segments, data and events come out through the <see cref="ITcpCoreHost"/>. Every call takes the time, so
/// the same inputs give the same outputs: tests script it exactly.
/// Reliability is RFC 6298's retransmission timer over the send buffer (which is the retransmission queue), with
/// Karn's rule and a bounded number of expiries; received data goes to the user in order, segments beyond RCV.NXT
/// wait in a bounded <see cref="OutOfOrderQueue"/>, and the window advertised is the receive buffer's free space.
/// Congestion control is CUBIC or NewReno (<see cref="CongestionControl"/>); with SACK (RFC 2018, TcpCore.Sack) losses
/// are recovered by RFC 6675 from a <see cref="SackScoreboard"/> and found by RACK-TLP (RFC 8985, TcpCore.Rack).
/// </summary>
public sealed partial class TcpCore
{
    /// <summary>Flags a segment arrives with, read once from the packet.</summary>
    private readonly record struct Segment(SequenceNumber Seq, SequenceNumber Ack, TcpFlags Flags, int Window, int DataOffset,
        int DataLength, int PeerMss, int? PeerWindowScale, TcpTimestamps? Timestamps, bool SackPermitted, SackBlock[]? Sack)
    {
        public bool Has(TcpFlags flag) => (Flags & flag) != 0;

        public int Length => DataLength + (Has(TcpFlags.Syn) ? 1 : 0) + (Has(TcpFlags.Fin) ? 1 : 0);
    }

    private readonly ITcpCoreHost host;
    private readonly TcpSettings settings;
    private readonly TcpCounters counters;
    private readonly ChallengeAckLimit challengeAcks;
    private readonly int mss;
    private readonly bool passive;
    private readonly SendBuffer sendBuffer;
    private readonly OutOfOrderQueue outOfOrder;
    private readonly RetransmissionTimeout rto;
    private readonly ReceiveWindow receiveWindow;
    private readonly PersistTimer persist = new();
    private readonly DelayedAck delayedAck = new();
    private readonly KeepAlive keepAlive;
    private CongestionControl congestion;

    /// <summary>Received in order and not yet taken by the user: the receive buffer (RFC 9293 3.8.6).</summary>
    private readonly Queue<ReadOnlyMemory<byte>> held = new();
    private int heldBytes;

    /// <summary>The peer's FIN came while data was held: PeerClosed follows that data.</summary>
    private bool peerClosedHeld;

    private TcpCloseKind closeKind;
    private bool countedEstablished;
    private DateTimeOffset now;

    // RFC 9293 3.3.1 send sequence variables; sndMax is the highest SND.NXT reached, so acknowledgments of data sent
    // before a go-back retransmission stay acceptable.
    private readonly SequenceNumber iss;
    private SequenceNumber sndUna, sndNxt, sndMax, sndWl1, sndWl2;
    private int sndWnd;

    /// <summary>RFC 7323 2.3: the peer's shift for the windows it sends (0 unless both SYNs had the option); and the
    /// largest window it offered, for the sender's silly window avoidance (RFC 1122 4.2.3.4).</summary>
    private int sndScale, maxSndWnd;
    private bool peerOfferedScale;
    private int sendMss;

    // Receive sequence variables.
    private SequenceNumber irs, rcvNxt;

    /// <summary>The end of the last segment shorter than the MSS sent, while the peer has not acknowledged it (Nagle as
    /// Minshall refined it, see <see cref="SenderSillyWindowAvoidance"/>).</summary>
    private SequenceNumber? shortSegmentEnd;

    /// <summary>Our FIN is queued after the data in the send buffer; <see cref="finAcked"/> once SND.UNA passed it.</summary>
    private bool finQueued, finAcked;

    /// <summary>The peer's FIN arrived ahead of a hole; it takes effect when RCV.NXT reaches it.</summary>
    private SequenceNumber? peerFin;

    /// <summary>Our SYN (or SYN,ACK) was retransmitted on a timeout: RFC 6298 5.7 applies once established.</summary>
    private bool synTimedOut;

    // RFC 6298 3 (Karn): one segment at a time is timed, never one that was retransmitted.
    private SequenceNumber? timedSeq;
    private DateTimeOffset timedAt;

    /// <param name="mss">The most we receive, offered in our SYN (RFC 9293 3.7.1), and the most we send.</param>
    /// <param name="passive">Made by a listener for a SYN (<see cref="Accept"/>, <see cref="AcceptCookie"/>) rather than
    /// by <see cref="Connect"/>.</param>
    /// <param name="challengeAcks">The layer's RFC 5961 7 limit, shared by its connections; by default one of the
    /// connection's own at <see cref="TcpSettings.ChallengeAckLimit"/>.</param>
    public TcpCore(ITcpCoreHost host, TcpSettings settings, TcpCounters counters, int mss, SequenceNumber iss, TcpOptions options,
        bool passive, ChallengeAckLimit? challengeAcks = null)
    {
        this.host = host;
        this.settings = settings;
        this.counters = counters;
        this.challengeAcks = challengeAcks ?? new ChallengeAckLimit(settings.ChallengeAckLimit);
        this.mss = mss;
        this.passive = passive;
        sendBuffer = new SendBuffer(options.SendBuffer ?? settings.SendBuffer);
        receiveWindow = new ReceiveWindow(options.ReceiveBuffer ?? settings.ReceiveBuffer, settings.WindowScaling);
        Options = options with { ReceiveBuffer = receiveWindow.Buffer, SendBuffer = sendBuffer.Capacity };
        keepAlive = new KeepAlive(settings.KeepAliveIdle, settings.KeepAliveInterval, settings.KeepAliveCount);
        outOfOrder = new OutOfOrderQueue(settings.MaxOutOfOrderSegments);
        rto = new RetransmissionTimeout(settings.InitialRto, settings.MinimumRto, settings.MaximumRto);
        this.iss = iss;
        sndUna = iss;
        sndNxt = iss + 1;
        sndMax = sndNxt;
        // RFC 7323 4.1: the first flight timed ends past the ISS. Sequence numbers compare modulo 2^32 (RFC 9293 3.4),
        // so a default of 0 would be "after" an ISS in the upper half of the space, and no sample would ever be taken.
        rttSampleEdge = retransmitEnd = iss;
        sendMss = Math.Min(536, mss);
        congestion = new CongestionControl(sendMss, iss, settings.CongestionControl, hyStart: settings.HyStart);
        State = passive ? TcpState.SynReceived : TcpState.SynSent;
    }

    public TcpState State { get; private set; }

    /// <summary>The options in force: those of the open, then each <see cref="SetOptions"/>.</summary>
    public TcpOptions Options { get; private set; }

    /// <summary>With it a FIN from the peer is a half-close (RFC 9293 3.6) and the user may still send; without it
    /// the core closes its side too once the user has heard PeerClosed.</summary>
    public bool KeepOpenOnPeerClosed { get; set; }

    /// <summary>Bytes received and held for the user.</summary>
    public int HeldBytes => heldBytes;

    /// <summary>Bytes queued to send, the unacknowledged included.</summary>
    public int SendQueued => sendBuffer.Count;

    public int SendCapacity => sendBuffer.Capacity;

    /// <summary>RFC 9293 3.10.1 OPEN (active): send SYN with our MSS (3.7.1), enter SYN-SENT. A
    /// <paramref name="timeout"/> ends the attempt with etimedout if ESTABLISHED is not reached by then.</summary>
    public void Connect(DateTimeOffset time, TimeSpan? timeout = null)
    {
        now = opened = time;
        SendSyn(TcpFlags.Syn);
        timedSeq = iss;
        timedAt = now;
        StartRetransmitTimer();
        if (timeout is { } t)
            connectDeadline = now + t;
    }

    /// <summary>RFC 9293 3.10.7.2 LISTEN, third check: RCV.NXT = SEG.SEQ + 1, IRS = SEG.SEQ, send
    /// &lt;SEQ=ISS&gt;&lt;ACK=RCV.NXT&gt;&lt;CTL=SYN,ACK&gt;, enter SYN-RECEIVED. False when the SYN does not parse.</summary>
    public bool Accept(ReadOnlyMemory<byte> syn, DateTimeOffset time)
    {
        now = opened = time;
        if (!TryRead(syn, out var s))
        {
            State = TcpState.Closed;
            return false;
        }
        irs = s.Seq;
        rcvNxt = irs + 1;
        UpdateWindow(s);
        Synchronized(s);
        SendSyn(TcpFlags.Syn | TcpFlags.Ack);
        timedSeq = iss;
        timedAt = now;
        StartRetransmitTimer();
        return true;
    }

    /// <summary>The peer's SYN fixes the segment size (RFC 9293 3.7.1), hence the initial congestion window (RFC 5681
    /// 3.1), and whether windows are scaled (RFC 7323 2.2: only when both SYNs carried the option).</summary>
    private void Synchronized(Segment syn)
    {
        // RFC 7323 3.2: timestamps are on when both SYNs carried the option (and we offered it). RFC 6691: the MSS
        // counts no options, so with 12 bytes of them in every segment the data in one is that much smaller.
        timestampsOn = settings.Timestamps && syn.Timestamps is not null;
        if (syn.Timestamps is { } ts && timestampsOn)
        {
            tsRecent = ts.Value;
            tsRecentAt = now;
        }
        sendMss = Math.Min(Math.Min(syn.PeerMss, mss), pathMss ?? mss) - (timestampsOn ? TimestampsLength : 0);
        // RFC 2018 2: SACK is used when both SYNs carried SACK-permitted (ours only when enabled).
        sackOn = settings.Sack && syn.SackPermitted;
        congestion = new CongestionControl(sendMss, iss, settings.CongestionControl, sackOn, settings.HyStart);
        peerOfferedScale = syn.PeerWindowScale is not null;
        receiveWindow.Negotiated(peerOfferedScale);
        sndScale = peerOfferedScale && receiveWindow.OfferedShift is not null ? syn.PeerWindowScale!.Value : 0;
    }

    /// <summary>Its state and variables (RFC 9293 3.3.1), for tests and diagnostics.</summary>
    public EnetTcp.ConnectionInfo Info() => new(State, sndUna.Value, sndNxt.Value, sndWnd, rcvNxt.Value, ReceiveWindow(), sendMss,
        rto.Current, rto.SmoothedRtt, Options, congestion.Window, congestion.SlowStartThreshold, congestion.FastRetransmits,
        sndScale, receiveWindow.Shift, persist.Unanswered);

    /// <summary>Segments retransmitted on this connection, and retransmission timer expiries, for <see cref="TcpInfo"/>.</summary>
    private long retransmits, timeouts;

    /// <summary>Its congestion and loss figures, like Linux's TCP_INFO.</summary>
    public TcpInfo TcpInfo() => new(State, rto.SmoothedRtt, rto.RttVariance, rto.Current, congestion.Window,
        congestion.SlowStartThreshold, retransmits, timeouts, scoreboard.SackedBytes, scoreboard.LostBytes(sndUna, sendMss),
        SackScoreboard.DupThresh, congestion.Algorithm == CongestionAlgorithm.Cubic ? "cubic" : "newreno", sackOn, timestampsOn,
        reordering.Multiplier, congestion.HyStartPhase);

    private bool Handshaking => State is TcpState.SynSent or TcpState.SynReceived;

    private void BecomeEstablished()
    {
        connectDeadline = null;
        if (synTimedOut)
            rto.SynTimedOut();
        TcpCounters.Increment(ref counters.CurrEstab);
        countedEstablished = true;
        State = TcpState.Established;
        StartKeepAlive();
        host.Event(TcpCoreEvent.Connected);
    }

    private void LeaveEstablished()
    {
        if (countedEstablished)
            TcpCounters.Decrement(ref counters.CurrEstab);
        countedEstablished = false;
    }

    /// <summary>The TCB is deleted (RFC 9293 3.3.2 CLOSED): nothing more is sent or timed.</summary>
    private void Finish(TcpCoreEvent? e, TcpError error = default)
    {
        LeaveEstablished();
        State = TcpState.Closed;
        ClearTimers();
        if (e is { } ev)
            host.Event(ev, error);
    }

    /// <summary>The connection failed: the open fails before ESTABLISHED, the connection after it.</summary>
    private void Fail(TcpError reason)
    {
        if (Handshaking)
            TcpCounters.Increment(ref counters.AttemptFails);
        Finish(TcpCoreEvent.Failed, reason);
    }
}
