using System.Runtime.InteropServices;
using Enet.Actors.Arp;
using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Ip;

/// <summary>
/// How a protocol hands a datagram to IPv4. The layer's own (<see cref="Ipv4Layer"/>, from <see cref="Ipv4.Registered"/>)
/// sends on the caller's turn what needs none of the layer actor's state: a datagram leaving through the layer's own
/// interface to a unicast neighbour the ARP cache already knows, fitting the MTU, in a buffer with headroom for the
/// IPv4 and Ethernet headers, not ICMP other than an echo reply (errors pass the layer's rules and rate limit). Its
/// header is written in place and the datagram goes to the link on the caller's thread through the interface's
/// <see cref="EthOutput"/> (to the interface actor until the layer has it): no actor hop at all. Anything else is told
/// to the layer, which routes, fragments, resolves and counts as before. Thread-safe: connections on any thread share it.
/// </summary>
public sealed class Ipv4Output
{
    private readonly IActorRef layer;
    private readonly IActorRef iface;
    private readonly Ipv4Settings settings;
    private readonly Ipv4RoutingTable routes;
    private readonly Neighbours? neighbours;
    private EthOutput? link;
    private int identification = Random.Shared.Next();
    private long requests, transmits;

    internal Ipv4Output(IActorRef layer, IActorRef iface, Ipv4Settings settings, Ipv4RoutingTable routes, Neighbours? neighbours)
    {
        this.layer = layer;
        this.iface = iface;
        this.settings = settings;
        this.routes = routes;
        this.neighbours = neighbours;
    }

    /// <summary>For a protocol that has no direct path (the layer not yet registered): everything is told to it.</summary>
    public static Ipv4Output ThroughActor(IActorRef layer) => new(layer, ActorRefs.Nobody, new Ipv4Settings([]), Ipv4RoutingTable.Empty, null);

    /// <summary>From the interface's answer to the layer's subscription: from then on datagrams skip the interface actor.</summary>
    internal void Attach(EthOutput output) => Volatile.Write(ref link, output);

    /// <summary>The datagrams sent here rather than through the layer's mailbox (its statistics add them in).</summary>
    internal long Requests => Interlocked.Read(ref requests);

    internal long Transmits => Interlocked.Read(ref transmits);

    /// <summary>RFC 791 3.2: a fresh identification per datagram, shared with the layer's own sends.</summary>
    internal ushort NextIdentification() => (ushort)Interlocked.Increment(ref identification);

    /// <summary>As an <see cref="Ipv4.Send"/> of <paramref name="payload"/> handed over with <paramref name="headroom"/>
    /// bytes in front of it (and from <see cref="FrameBuffers"/> when <paramref name="pooled"/>), the default TTL and no
    /// DF; the message is only made when the layer has to take it.</summary>
    public void Send(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, Bytes payload, int headroom, bool pooled,
        byte tos, IActorRef sender)
    {
        if (!TrySendDirect(source, destination, protocol, payload, headroom, pooled, tos))
            layer.Tell(new Ipv4.Send(source, destination, protocol, payload) { Headroom = headroom, Pooled = pooled, Tos = tos }, sender);
    }

    private bool TrySendDirect(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, Bytes payload, int headroom,
        bool pooled, byte tos)
    {
        const int headerLength = Ipv4Packet.MinHeaderLength;
        // RFC 792: type 0, an echo reply, is the one ICMP message with no rule or rate limit in the layer.
        if (neighbours is null || protocol == IpProtocol.Icmp && (payload.Length == 0 || payload.Span[0] != 0) || headroom < headerLength + 14 ||
            destination == Ipv4Address.Broadcast || routes.IsSubnetBroadcast(destination) ||
            routes.Lookup(destination) is not { } route || route.Interface != settings.Interface ||
            headerLength + payload.Length > Math.Min(route.Mtu, settings.Mtu) ||
            !neighbours.TryGet(route.NextHop(destination), out var mac) ||
            !MemoryMarshal.TryGetArray(payload.Memory, out var given))
            return false;
        var start = given.Offset - headerLength;
        Ipv4Header.Write(given.Array.AsSpan(start, headerLength), source != Ipv4Address.Any ? source : route.Source,
            destination, protocol, settings.Ttl, NextIdentification(), dontFragment: false, tos, payload.Length);
        Interlocked.Increment(ref requests);
        Interlocked.Increment(ref transmits);
        if (Volatile.Read(ref link) is { } output &&
            output.TrySendInPlace(mac, EtherType.Ipv4, given.Array!, start, headerLength + payload.Length, headroom - headerLength, pooled))
            return true;
        iface.Tell(new Eth.Transmit(mac, EtherType.Ipv4, new Bytes(given.Array.AsMemory(start, headerLength + payload.Length)))
        {
            Headroom = headroom - headerLength,
            Pooled = pooled,
        }, ActorRefs.NoSender);
        return true;
    }
}
