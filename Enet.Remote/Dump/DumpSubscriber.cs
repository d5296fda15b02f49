using Akka.Actor;
using Enet.Actors;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Enet.Remote.Etf;

namespace Enet.Remote.Dump;

/// <summary>
/// One Erlang process watching one interface for <see cref="EnetDump"/>: subscribes to every frame of the interface's
/// bus (a bounded queue: when this actor is behind, the bus drops frames for it alone), sends each frame the filter
/// passes as <c>{enet_frame, Iface, Timestamp, Frame}</c> without ever waiting on the distribution connection
/// (erlang:send_nosuspend/2: on a busy connection the frame is dropped), and stops when the process goes down
/// (monitored) or the subscription is cancelled. It answers the subscribe request once the bus has the subscription.
/// </summary>
internal sealed class DumpSubscriber : ReceiveActor
{
    private static readonly ErlAtom EnetFrame = new("enet_frame");
    private static readonly ErlAtom DirectionKey = new("direction");
    private static readonly ErlAtom ReceivedAtom = new("received");
    private static readonly ErlAtom SentAtom = new("sent");

    private readonly NetKernel kernel;
    private readonly RemoteProcessRef subscriber;
    private readonly IActorRef iface;
    private readonly int capacity;
    private ErlRef? monitor;

    public DumpSubscriber(NetKernel kernel, RemoteProcessRef subscriber, IActorRef iface, Term ifaceName, IReadOnlyList<Func<Frame, bool>> filter,
        int capacity, DumpCounters counters)
    {
        this.kernel = kernel;
        this.subscriber = subscriber;
        this.iface = iface;
        this.capacity = capacity;
        // {enet_dump, ok} once the bus subscription is in place: every frame after the answer reaches the subscriber.
        Receive<Eth.Subscribed>(s =>
        {
            counters.Attach(s.Subscription);
            subscriber.Tell(new ErlTuple(new ErlAtom("enet_dump"), ErlAtom.Ok), Self);
        });
        Receive<FramesReady>(ready =>
        {
            ready.Subscription.Drain(frame =>
            {
                var decoded = FrameDecoder.Decode(frame.Span, LinkType.Ethernet);
                if (filter.Count > 0 && !filter.Any(passes => passes(decoded)))
                    return;
                var map = FrameTerm.From(decoded);
                var term = new ErlTuple(EnetFrame, ifaceName, frame.TimestampNanoseconds / 1000,
                    new ErlMap([.. map.Pairs, KeyValuePair.Create<Term, Term>(DirectionKey, frame.Direction == FrameDirection.Received ? ReceivedAtom : SentAtom)]));
                if (kernel.SendNoSuspend(subscriber, term, Self))
                    counters.CountSent();
                else
                    counters.CountBusyDrop();
            });
        });
        Receive<RemoteProcessDown>(_ => Context.Stop(Self));
    }

    public static Props Props(NetKernel kernel, RemoteProcessRef subscriber, IActorRef iface, Term ifaceName, IReadOnlyList<Func<Frame, bool>> filter,
        int capacity, DumpCounters counters) =>
        ActorProps.Create(() => new DumpSubscriber(kernel, subscriber, iface, ifaceName, filter, capacity, counters));

    protected override void PreStart()
    {
        monitor = kernel.Monitor(Self, subscriber);
        iface.Tell(new Eth.Subscribe(FrameClassifier.All, capacity), Self);
    }

    /// <summary>The interface watches its subscribers, so stopping ends the bus subscription; the monitor is ours to end.</summary>
    protected override void PostStop()
    {
        if (monitor is not null)
            kernel.Demonitor(monitor);
    }
}
