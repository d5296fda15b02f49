using System.Buffers;
using Akka.Actor;
using Akka.Event;
using Enet.Actors;
using Enet.Actors.Hosting;

namespace Enet.Tap.Remote;

/// <summary>
/// Carries a <see cref="RemotePeer"/>'s queue to the peer node's <see cref="SegmentActor"/> over Akka.Remote. Its
/// two behaviours are the peer's nodedown and nodeup: <see cref="Seeking"/> asks the peer's segment actor to
/// identify itself every retry interval (and at once when a batch from the peer shows it is there), and sends
/// nothing; <see cref="Up"/> watches that actor, so Akka.Remote's failure detector (or the peer stopping its
/// segment) ends the flow with Terminated, and sends batches, at most
/// <see cref="RemoteLinkSettings.BatchesInFlight"/> of them unacknowledged, so a slow peer fills the bounded queue
/// here instead of Akka.Remote's unbounded one. Akka.Remote delivers at most once: a batch lost with an association
/// that failed and recovered (no nodedown) is never acknowledged, so a window with no acknowledgement for
/// <see cref="AckTimeoutRetries"/> retry intervals is reopened rather than left shut for good.
/// </summary>
internal sealed class PeerSender : ReceiveActor, IWithTimers
{
    private const string RetryTimer = "retry";
    private const string AckTimer = "ack";

    /// <summary>Retry intervals without an acknowledgement after which the batches in flight count as lost.</summary>
    public const int AckTimeoutRetries = 5;

    private readonly RemotePeer peer;
    private readonly ActorPath segmentPath;
    private readonly RemoteLinkSettings settings;
    private readonly ArrayBufferWriter<byte> batch;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private int inFlight;

    public PeerSender(RemotePeer peer, string segmentActorName, RemoteLinkSettings settings)
    {
        this.peer = peer;
        this.settings = settings;
        segmentPath = new RootActorPath(peer.Address) / "user" / segmentActorName;
        batch = new ArrayBufferWriter<byte>(settings.BatchBytes);
        Seeking();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RemotePeer peer, string segmentActorName, RemoteLinkSettings settings) =>
        ActorProps.Create(() => new PeerSender(peer, segmentActorName, settings));

    /// <summary>Frames were queued for the peer (sent once per batch of them, see <see cref="RemotePeer.TryEnqueue"/>).</summary>
    public sealed class FramesQueued
    {
        public static FramesQueued Instance { get; } = new();
    }

    /// <summary>A batch came from the peer: it is up, look for it now rather than at the next retry.</summary>
    public sealed class PeerSeen
    {
        public static PeerSeen Instance { get; } = new();
    }

    private sealed class Retry
    {
        public static Retry Instance { get; } = new();
    }

    private sealed class AckOverdue
    {
        public static AckOverdue Instance { get; } = new();
    }

    protected override void PreStart() => Identify();

    protected override void PostStop() => peer.SetUp(false);

    private void Seeking()
    {
        Timers.StartPeriodicTimer(RetryTimer, Retry.Instance, settings.RetryInterval);
        Receive<Retry>(_ => Identify());
        Receive<PeerSeen>(_ => Identify());
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is not { } segment)
                return;
            Timers.Cancel(RetryTimer);
            Context.Watch(segment);
            peer.SetUp(true);
            log.Info("remote link peer {Peer} up", peer.Address);
            inFlight = 0;
            Become(() => Up(segment));
            Send(segment);
        });
        // Queued frames wait for nodeup; acknowledgements and the death of an earlier incarnation mean nothing now.
        Receive<FramesQueued>(_ => { });
        Receive<FrameBatchAck>(_ => { });
        Receive<Terminated>(_ => { });
        Receive<AckOverdue>(_ => { });
    }

    private void Up(IActorRef segment)
    {
        Receive<FramesQueued>(_ => Send(segment));
        Receive<FrameBatchAck>(_ =>
        {
            if (!Sender.Equals(segment))
                return;
            inFlight = Math.Max(0, inFlight - 1);
            Timers.Cancel(AckTimer);
            Send(segment);
        });
        Receive<AckOverdue>(_ =>
        {
            log.Warning("remote link peer {Peer}: {Batches} batches unacknowledged, counted as lost", peer.Address, inFlight);
            inFlight = 0;
            Send(segment);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(segment), t =>
        {
            Timers.Cancel(AckTimer);
            peer.SetUp(false);
            log.Warning("remote link peer {Peer} down{Reason}", peer.Address, t.AddressTerminated ? " (node unreachable)" : "");
            Become(Seeking);
        });
        Receive<PeerSeen>(_ => { });
        Receive<Retry>(_ => { });
        Receive<ActorIdentity>(_ => { });
    }

    private void Identify() => Context.ActorSelection(segmentPath).Tell(new Identify(peer.Address.ToString()), Self);

    /// <summary>Sends queued frames as batches while the window has room.</summary>
    private void Send(IActorRef segment)
    {
        peer.ClearSignal();
        var reader = peer.Reader;
        while (inFlight < settings.BatchesInFlight && reader.TryPeek(out _))
        {
            batch.ResetWrittenCount();
            var frames = 0;
            while (reader.TryPeek(out var next)
                && (frames == 0 || batch.WrittenCount + FrameBatch.PackedLength(next.Length) <= settings.BatchBytes)
                && reader.TryRead(out var frame))
            {
                using (frame)
                    FrameBatch.Append(batch, frame.Span);
                frames++;
            }
            segment.Tell(new FrameBatch(batch.WrittenSpan.ToArray()), Self);
            peer.CountSent(frames);
            inFlight++;
        }
        if (inFlight > 0 && !Timers.IsTimerActive(AckTimer))
            Timers.StartSingleTimer(AckTimer, AckOverdue.Instance, settings.RetryInterval * AckTimeoutRetries);
    }
}
