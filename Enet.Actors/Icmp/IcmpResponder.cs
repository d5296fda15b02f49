using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Icmp;

/// <summary>
/// ICMP for one IPv4 layer: answers echo requests to our addresses (RFC 792, RFC 1122 3.2.2.6) and runs
/// pings, each in a <see cref="Pinger"/> child that gets the echo replies carrying its identifier. A unicast echo
/// request is usually answered before it gets here, by its <see cref="IcmpEchoFastPath"/> on the link reader's thread.
/// </summary>
public sealed class IcmpResponder : ReceiveActor
{
    private readonly IActorRef ipv4;
    private readonly IcmpSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<ushort, IActorRef> pingers = [];
    private readonly IcmpEchoFastPath echo = new();
    private ushort nextIdentifier = (ushort)Random.Shared.Next();

    public IcmpResponder(IActorRef ipv4, IcmpSettings settings)
    {
        this.ipv4 = ipv4;
        this.settings = settings;
        Receive<Ipv4.Registered>(registered => echo.Attach(registered.Output));
        Receive<Ipv4.Datagram>(OnDatagram);
        Receive<Icmp.Ping>(StartPing);
        Receive<Terminated>(t =>
        {
            foreach (var identifier in pingers.Where(p => p.Value.Equals(t.ActorRef)).Select(p => p.Key).ToList())
                pingers.Remove(identifier);
        });
    }

    public static Props Props(IActorRef ipv4, IcmpSettings? settings = null) =>
        ActorProps.Create(() => new IcmpResponder(ipv4, settings ?? IcmpSettings.Default));

    protected override void PreStart() => ipv4.Tell(new Ipv4.Register(IpProtocol.Icmp) { FastPath = echo }, Self);

    private void OnDatagram(Ipv4.Datagram datagram)
    {
        // RFC 1122 3.2.2: a message with a bad checksum is discarded before anything else looks at it.
        if (!Icmpv4Packet.TryParse(datagram.Payload.Span, out var packet, out _) || packet.VerifyChecksum() != ChecksumStatus.Good)
        {
            log.Debug("{Interface}: dropping ICMP from {Source} that does not decode or fails its checksum", datagram.Interface, datagram.Header.Source);
            return;
        }
        var header = datagram.Header;
        switch (packet.Type)
        {
            case Icmpv4Type.EchoRequest when packet.Code == 0:
                if (datagram.ToBroadcast && !settings.AnswerBroadcastEcho)
                    return;
                // RFC 1122 3.2.2.6: the reply's source is the request's specific destination, and the data comes
                // back "entirely and unmodified"; identifier and sequence are echoed (RFC 792).
                var reply = Icmpv4Message.EchoReply(packet.Identifier, packet.SequenceNumber, Bytes.CopyFrom(packet.Data));
                var bytes = new byte[reply.Length];
                reply.Emit(bytes);
                ipv4.Tell(new Ipv4.Send(datagram.ToBroadcast ? Ipv4Address.Any : header.Destination, header.Source, IpProtocol.Icmp, bytes), Self);
                break;
            case Icmpv4Type.EchoReply when pingers.TryGetValue(packet.Identifier, out var pinger):
                pinger.Tell(new Icmp.EchoReplyReceived(header.Source, packet.SequenceNumber, header.Ttl, Bytes.CopyFrom(packet.Data)), Self);
                break;
        }
    }

    private void StartPing(Icmp.Ping ping)
    {
        if (pingers.Count >= settings.MaxPings || ping.Count < 1)
        {
            Sender.Tell(new Icmp.PingResult(ping.Address, 0, []), Self);
            return;
        }
        while (pingers.ContainsKey(nextIdentifier))
            nextIdentifier++;
        var identifier = nextIdentifier++;
        var pinger = Context.ActorOf(Pinger.Props(ipv4, ping, identifier, settings, Sender), $"ping-{identifier}");
        pingers[identifier] = Context.Watch(pinger);
    }
}
