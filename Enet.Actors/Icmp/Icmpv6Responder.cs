using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Icmp;

/// <summary>
/// ICMPv6 for one IPv6 layer, apart from neighbour discovery, which the layer keeps: answers echo requests to
/// our addresses and to the groups we joined (RFC 4443 4.1-4.2), and runs pings, each in an
/// <see cref="Icmpv6Pinger"/> child that gets the echo replies carrying its identifier.
/// </summary>
public sealed class Icmpv6Responder : ReceiveActor
{
    private readonly IActorRef ipv6;
    private readonly IcmpSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<ushort, IActorRef> pingers = [];
    private ushort nextIdentifier = (ushort)Random.Shared.Next();

    public Icmpv6Responder(IActorRef ipv6, IcmpSettings settings)
    {
        this.ipv6 = ipv6;
        this.settings = settings;
        Receive<Ipv6.Registered>(_ => { });
        Receive<Ipv6.Datagram>(OnDatagram);
        Receive<Icmpv6.Ping>(StartPing);
        Receive<Terminated>(t =>
        {
            foreach (var identifier in pingers.Where(p => p.Value.Equals(t.ActorRef)).Select(p => p.Key).ToList())
                pingers.Remove(identifier);
        });
    }

    public static Props Props(IActorRef ipv6, IcmpSettings? settings = null) =>
        ActorProps.Create(() => new Icmpv6Responder(ipv6, settings ?? IcmpSettings.Default));

    protected override void PreStart() => ipv6.Tell(new Ipv6.Register(IpProtocol.Icmpv6), Self);

    /// <summary>An echo message with a zero checksum, for the layer to fill in once it has chosen the source (RFC 4443 2.3).</summary>
    internal static byte[] Echo(Icmpv6Type type, ushort identifier, ushort sequence, ReadOnlySpan<byte> data)
    {
        var message = new Icmpv6Message(type, 0, 0, (uint)identifier << 16 | sequence, Bytes.CopyFrom(data));
        var bytes = new byte[message.Length];
        message.Emit(bytes, 0);
        return bytes;
    }

    private void OnDatagram(Ipv6.Datagram datagram)
    {
        var header = datagram.Header;
        // RFC 4443 2.3-2.4: a message whose checksum over the pseudo-header (RFC 8200 8.1) fails is discarded.
        if (!Icmpv6Packet.TryParse(datagram.Payload.Span, out var packet, out _) ||
            packet.VerifyChecksum(InternetChecksum.PseudoHeader(header.Source, header.PseudoHeaderDestination, IpProtocol.Icmpv6, datagram.Payload.Length)) != ChecksumStatus.Good)
        {
            log.Debug("{Interface}: dropping ICMPv6 from {Source} that does not decode or fails its checksum", datagram.Interface, header.Source);
            return;
        }
        switch (packet.Type)
        {
            case Icmpv6Type.EchoRequest when packet.Code == 0:
                // RFC 4443 4.2: identifier, sequence and data come back unchanged; the reply's source is the
                // request's unicast destination, or one of ours when the request went to a group.
                var reply = Echo(Icmpv6Type.EchoReply, packet.Identifier, packet.SequenceNumber, packet.Body);
                ipv6.Tell(new Ipv6.Send(datagram.ToMulticast ? Ipv6Address.Unspecified : header.Destination, header.Source,
                    IpProtocol.Icmpv6, reply, ChecksumOffset: 2), Self);
                break;
            case Icmpv6Type.EchoReply when pingers.TryGetValue(packet.Identifier, out var pinger):
                pinger.Tell(new Icmpv6.EchoReplyReceived(header.Source, packet.SequenceNumber, header.HopLimit, Bytes.CopyFrom(packet.Body)), Self);
                break;
        }
    }

    private void StartPing(Icmpv6.Ping ping)
    {
        if (pingers.Count >= settings.MaxPings || ping.Count < 1)
        {
            Sender.Tell(new Icmpv6.PingResult(ping.Address, 0, []), Self);
            return;
        }
        while (pingers.ContainsKey(nextIdentifier))
            nextIdentifier++;
        var identifier = nextIdentifier++;
        var pinger = Context.ActorOf(Icmpv6Pinger.Props(ipv6, ping, identifier, settings, Sender), $"ping6-{identifier}");
        pingers[identifier] = Context.Watch(pinger);
    }
}
