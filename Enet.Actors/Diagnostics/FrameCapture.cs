using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs.Capture;
using Akka.Actor;

namespace Enet.Actors.Diagnostics;

/// <summary>
/// Writes every frame of some interfaces, both directions, to a capture file: pcapng (one interface
/// description per interface, nanosecond timestamps) unless the name ends in ".pcap". Flushed after each
/// batch, so `tshark -r` reads a file that is still growing.
/// </summary>
public sealed class FrameCapture : ReceiveActor
{
    private readonly IReadOnlyList<IActorRef> interfaces;
    private readonly string path;
    private readonly Dictionary<string, int> interfaceIds = [];
    private PcapngWriter? pcapng;
    private PcapWriter? pcap;

    public FrameCapture(IReadOnlyList<IActorRef> interfaces, string path)
    {
        this.interfaces = interfaces;
        this.path = path;
        Receive<Eth.Subscribed>(_ => { });
        Receive<FramesReady>(ready =>
        {
            ready.Subscription.Drain(Write);
            pcapng?.Flush();
            pcap?.Flush();
        });
    }

    public static Props Props(IReadOnlyList<IActorRef> interfaces, string path) =>
        ActorProps.Create(() => new FrameCapture(interfaces, path));

    protected override void PreStart()
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        if (path.EndsWith(".pcap", StringComparison.OrdinalIgnoreCase))
            pcap = new PcapWriter(stream, LinkType.Ethernet);
        else
            pcapng = new PcapngWriter(stream);
        foreach (var iface in interfaces)
            iface.Tell(new Eth.Subscribe(FrameClassifier.All), Self);
    }

    protected override void PostStop()
    {
        pcapng?.Dispose();
        pcap?.Dispose();
    }

    private void Write(BusFrame frame)
    {
        if (pcap is not null)
        {
            pcap.Write(frame.TimestampNanoseconds, frame.Span);
            return;
        }
        if (!interfaceIds.TryGetValue(frame.Interface, out var id))
            interfaceIds[frame.Interface] = id = pcapng!.AddInterface(LinkType.Ethernet, frame.Interface);
        pcapng!.Write(id, frame.TimestampNanoseconds, frame.Span);
    }
}
