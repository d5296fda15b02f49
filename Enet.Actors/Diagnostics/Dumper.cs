using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Diagnostics;

/// <summary>
/// Prints every frame of an interface, both directions, as one tcpdump-like line through Serilog (ENet's
/// enet_if_dump): "eth0 &lt; ARP, Request who-has ..." for received frames, "&gt;" for sent ones. With a capture
/// path it also writes the frames to a pcap/pcapng file through a <see cref="FrameCapture"/> child.
/// </summary>
public sealed class Dumper : ReceiveActor
{
    private readonly IActorRef iface;
    private readonly string? capture;
    private readonly ILoggingAdapter log = Context.GetLogger();

    public Dumper(IActorRef iface, string? capture)
    {
        this.iface = iface;
        this.capture = capture;
        Receive<Eth.Subscribed>(_ => { });
        Receive<FramesReady>(ready => ready.Subscription.Drain(Print));
    }

    public static Props Props(IActorRef iface, string? capture = null) => ActorProps.Create(() => new Dumper(iface, capture));

    protected override void PreStart()
    {
        iface.Tell(new Eth.Subscribe(FrameClassifier.All), Self);
        if (capture is not null)
            Context.ActorOf(FrameCapture.Props([iface], capture), "capture");
    }

    private void Print(BusFrame frame) =>
        log.Info("{Interface:l} {Direction:l} {Summary:l}", frame.Interface, frame.Direction == FrameDirection.Received ? "<" : ">",
            FrameSummary.Format(FrameDecoder.Decode(frame.Span, LinkType.Ethernet)));
}
