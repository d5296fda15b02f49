using Enet.Actors.Arp;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs;
using Enet.Runtime.Actor;

namespace Enet.Actors.Ip;

/// <summary>
/// A minimal IPv4 layer for one interface: validates received datagrams as RFC 1122 3.2.1 asks and hands
/// those for our addresses to the protocol registered for them; sends datagrams to the next hop through
/// ARP. Fragments are counted and dropped: reassembly comes later.
/// </summary>
public sealed class Ipv4Layer : ReceiveActor
{
    private readonly IActorRef iface;
    private readonly IActorRef arp;
    private readonly Ipv4Settings settings;
    private readonly Dictionary<IpProtocol, IActorRef> protocols = [];
    private ushort identification = (ushort)Random.Shared.Next();
    private long inReceives, inHdrErrors, inAddrErrors, inUnknownProtos, reasmFails, inDelivers, outRequests, outNoRoutes, outDiscards;

    public Ipv4Layer(IActorRef iface, IActorRef arp, Ipv4Settings settings)
    {
        this.iface = iface;
        this.arp = arp;
        this.settings = settings;
        Receive<Eth.Subscribed>(_ => { });
        Receive<FramesReady>(ready => ready.Subscription.Drain(OnFrame));
        Receive<Ipv4.Register>(r =>
        {
            protocols[r.Protocol] = Sender;
            Sender.Tell(new Ipv4.Registered(r.Protocol), Self);
        });
        Receive<Ipv4.Send>(Send);
        Receive<Ipv4.GetStatistics>(_ => Sender.Tell(new Ipv4.Statistics(inReceives, inHdrErrors, inAddrErrors,
            inUnknownProtos, reasmFails, inDelivers, outRequests, outNoRoutes, outDiscards), Self));
    }

    public static Props Props(IActorRef iface, IActorRef arp, Ipv4Settings settings) =>
        Runtime.Actor.Props.Create(() => new Ipv4Layer(iface, arp, settings));

    protected override void PreStart() =>
        iface.Tell(new Eth.Subscribe(FrameClassifier.ByEtherType(EtherType.Ipv4), settings.QueueCapacity), Self);

    private void OnFrame(BusFrame frame)
    {
        inReceives++;
        // RFC 1122 3.2.1.1-2: a wrong version, a bad length or a bad header checksum is silently discarded.
        if (!Ipv4Packet.TryParse(frame.Network, out var packet, out _) || packet.IsTruncated ||
            packet.VerifyChecksum() != ChecksumStatus.Good)
        {
            inHdrErrors++;
            return;
        }
        // RFC 1122 3.2.1.3: accept our addresses and the broadcasts; everything else is not for this host.
        var destination = packet.Destination;
        if (!IsOurs(destination))
        {
            inAddrErrors++;
            return;
        }
        if (packet.IsFragment)
        {
            reasmFails++;
            return;
        }
        if (!protocols.TryGetValue(packet.Protocol, out var handler))
        {
            inUnknownProtos++;
            return;
        }
        inDelivers++;
        Ipv4Header.TryDecode(frame.Network, out var header, out _);
        var toBroadcast = settings.Addresses.All(a => a.Address != destination);
        handler.Tell(new Ipv4.Datagram(frame.Interface, header!, Bytes.CopyFrom(packet.Payload), toBroadcast), Self);
    }

    private bool IsOurs(Ipv4Address destination) =>
        destination == Ipv4Address.Broadcast || settings.Addresses.Any(a => a.Address == destination || a.PrefixLength < 31 && a.Broadcast == destination);

    private void Send(Ipv4.Send send)
    {
        outRequests++;
        var onLink = settings.Addresses.FirstOrDefault(a => a.Contains(send.Destination));
        Ipv4Address nextHop;
        if (send.Destination == Ipv4Address.Broadcast || onLink != default)
            nextHop = send.Destination;
        else if (settings.DefaultGateway is { } gateway)
            nextHop = gateway;
        else
        {
            outNoRoutes++;
            return;
        }
        var source = send.Source != Ipv4Address.Any ? send.Source
            : onLink != default ? onLink.Address
            : settings.Addresses.Count > 0 ? settings.Addresses[0].Address : Ipv4Address.Any;
        var header = Ipv4Header.Create(source, send.Destination, send.Protocol, send.Ttl ?? settings.Ttl, identification++);
        if (header.Length + send.Payload.Length > settings.Mtu)
        {
            outDiscards++;
            return;
        }
        var datagram = new byte[header.Length + send.Payload.Length];
        header.Emit(datagram, send.Payload.Length);
        send.Payload.Span.CopyTo(datagram.AsSpan(header.Length));
        if (nextHop == Ipv4Address.Broadcast || onLink != default && nextHop == onLink.Broadcast)
            iface.Tell(new Eth.Transmit(MacAddress.Broadcast, EtherType.Ipv4, datagram), Self);
        else
            arp.Tell(new Arp.Arp.Transmit(nextHop, EtherType.Ipv4, datagram), Self);
    }
}
