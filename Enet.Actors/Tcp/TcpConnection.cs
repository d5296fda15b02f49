using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Tcp;

/// <summary>
/// One TCP connection (RFC 9293): its states are named behaviours switched with Become, from SYN-SENT or
/// SYN-RECEIVED to TIME-WAIT; LISTEN is a <see cref="TcpListener"/>. Reliability is RFC 6298's retransmission timer
/// over the send buffer (which is the retransmission queue), with Karn's rule and a bounded number of expiries;
/// received data goes to the handler in order, segments beyond RCV.NXT wait in a bounded
/// <see cref="OutOfOrderQueue"/>, and the window advertised is the receive buffer's free space.
/// </summary>
public sealed partial class TcpConnection : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A segment for this connection's 4-tuple, checksum verified by the layer.</summary>
    internal sealed record Inbound(Bytes Segment);

    /// <summary>What the connection was made for.</summary>
    internal abstract record Opening
    {
        /// <summary>RFC 9293 3.5 active open, for <paramref name="Commander"/>.</summary>
        public sealed record Active(Tcp.Connect Connect, IActorRef Commander) : Opening
        {
            public override TcpOptions Options => Connect.Options ?? TcpOptions.Default;
        }

        /// <summary>A listener accepted <paramref name="Syn"/>.</summary>
        public sealed record Passive(Bytes Syn, IActorRef Handler, IActorRef Listener, TcpOptions PassiveOptions) : Opening
        {
            public override TcpOptions Options => PassiveOptions;
        }

        public abstract TcpOptions Options { get; }
    }

    internal sealed record Endpoint(IActorRef Ipv4, IActorRef Layer, ConnectionId Id, TcpCounters Counters, TcpSettings Settings,
        int Mss, SequenceNumber Iss);

    private sealed record RetransmitTick
    {
        public static RetransmitTick Instance { get; } = new();
    }

    private sealed record PersistTick
    {
        public static PersistTick Instance { get; } = new();
    }

    private sealed record DelayedAckTick
    {
        public static DelayedAckTick Instance { get; } = new();
    }

    private sealed record KeepAliveTick
    {
        public static KeepAliveTick Instance { get; } = new();
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
        int DataLength, int PeerMss, int? PeerWindowScale)
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
    private readonly ReceiveWindow receiveWindow;
    private CongestionControl congestion;
    private readonly PersistTimer persist = new();
    private readonly DelayedAck delayedAck = new();
    private readonly KeepAlive keepAlive;

    /// <summary>The options in force: those of the open, then each SetOptions.</summary>
    private TcpOptions options;

    /// <summary>Akka.IO pull mode: received data waits in <see cref="undelivered"/> while set.</summary>
    private bool readingSuspended;

    /// <summary>The peer's FIN came while data was held: PeerClosed follows that data.</summary>
    private bool peerClosedHeld;

    /// <summary>A write was refused for want of space: later ones are too until ResumeWriting (Akka.IO's NACK mode);
    /// <see cref="resumeWritingTo"/> hears WritingResumed when there is room.</summary>
    private bool writingSuspended;
    private IActorRef? resumeWritingTo;
    private CloseKind closeKind;
    private IActorRef? closeCommander;
    private bool countedEstablished;

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
    private int undeliveredBytes;

    /// <summary>The end of the last segment shorter than the MSS sent, while the peer has not acknowledged it (Nagle as
    /// Minshall refined it, see <see cref="SenderSillyWindowAvoidance"/>).</summary>
    private SequenceNumber? shortSegmentEnd;

    /// <summary>Our FIN is queued after the data in the send buffer; <see cref="finAcked"/> once SND.UNA passed it.</summary>
    private bool finQueued, finAcked;

    /// <summary>The peer's FIN arrived ahead of a hole; it takes effect when RCV.NXT reaches it.</summary>
    private SequenceNumber? peerFin;

    /// <summary>When the retransmission timer is due (RFC 6298 5), and when the scheduled tick fires.</summary>
    private DateTimeOffset retransmitDeadline, retransmitTimerDue;

    /// <summary>Our SYN (or SYN,ACK) was retransmitted on a timeout: RFC 6298 5.7 applies once established.</summary>
    private bool synTimedOut;

    // RFC 6298 3 (Karn): one segment at a time is timed, never one that was retransmitted.
    private SequenceNumber? timedSeq;
    private DateTimeOffset timedAt;

    internal TcpConnection(Endpoint endpoint, Opening opening)
    {
        this.endpoint = endpoint;
        this.opening = opening;
        settings = endpoint.Settings;
        counters = endpoint.Counters;
        sendBuffer = new SendBuffer(opening.Options.SendBuffer ?? settings.SendBuffer);
        receiveWindow = new ReceiveWindow(opening.Options.ReceiveBuffer ?? settings.ReceiveBuffer, settings.WindowScaling);
        options = opening.Options with { ReceiveBuffer = receiveWindow.Buffer, SendBuffer = sendBuffer.Capacity };
        keepAlive = new KeepAlive(settings.KeepAliveIdle, settings.KeepAliveInterval, settings.KeepAliveCount);
        outOfOrder = new OutOfOrderQueue(settings.MaxOutOfOrderSegments);
        rto = new RetransmissionTimeout(settings.InitialRto, settings.MinimumRto, settings.MaximumRto);
        iss = endpoint.Iss;
        sndUna = iss;
        sndNxt = iss + 1;
        sndMax = sndNxt;
        sendMss = Math.Min(536, endpoint.Mss);
        congestion = new CongestionControl(sendMss, iss);
    }

    /// <summary>The peer's SYN fixes the segment size (RFC 9293 3.7.1), hence the initial congestion window (RFC 5681
    /// 3.1), and whether windows are scaled (RFC 7323 2.2: only when both SYNs carried the option).</summary>
    private void Synchronized(Segment syn)
    {
        sendMss = Math.Min(syn.PeerMss, endpoint.Mss);
        congestion = new CongestionControl(sendMss, iss);
        peerOfferedScale = syn.PeerWindowScale is not null;
        receiveWindow.Negotiated(peerOfferedScale);
        sndScale = peerOfferedScale && receiveWindow.OfferedShift is not null ? syn.PeerWindowScale!.Value : 0;
    }

    internal static Props Props(Endpoint endpoint, Opening opening) =>
        ActorProps.Create(() => new TcpConnection(endpoint, opening));

    private ConnectionId Id => endpoint.Id;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        switch (opening)
        {
            case Opening.Active active:
                // RFC 9293 3.10.1 OPEN (active): send SYN with our MSS (3.7.1), enter SYN-SENT.
                SendSyn(TcpFlags.Syn);
                timedSeq = iss;
                timedAt = Now;
                StartRetransmitTimer();
                if (active.Connect.Timeout is { } timeout)
                    Timers.StartSingleTimer(ConnectTimeout.Instance, ConnectTimeout.Instance, timeout);
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
                Synchronized(syn);
                SendSyn(TcpFlags.Syn | TcpFlags.Ack);
                timedSeq = iss;
                timedAt = Now;
                StartRetransmitTimer();
                SynReceived();
                break;
        }
    }
}
