using System.Runtime.InteropServices;
using Enet.Actors.Arp;
using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Ip;

/// <summary>
/// The IPv4 layer of one interface of a host (RFC 791, RFC 1122 3.2-3.3).
/// <list type="bullet">
/// <item>Receive: validates datagrams as RFC 1122 3.2.1 asks, accepts those for any address of the host
/// (the weak host model RFC 1122 3.3.4.2 allows) and its broadcasts, reassembles fragments
/// (<see cref="Ipv4Reassembler"/>, timeout answered with ICMP time exceeded), and hands each datagram to the
/// protocol registered for it, or answers ICMP protocol unreachable.</item>
/// <item>Send: routes by the host's table (<see cref="Ipv4RoutingTable"/>), hands a datagram whose route leaves
/// through another interface to that interface's layer, fragments to the route's MTU unless DF, and resolves
/// the next hop through ARP.</item>
/// <item>ICMP errors, its own and those other actors send through it, pass RFC 1122 3.2.2's "never about"
/// rules and one token bucket (RFC 1812 4.3.2.8).</item>
/// </list>
/// </summary>
public sealed class Ipv4Layer : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly IActorRef iface;
    private readonly IActorRef arp;
    private readonly Neighbours? neighbours;
    private readonly Ipv4Settings settings;
    private readonly Ipv4RoutingTable routes;
    private readonly Ipv4Reassembler reassembler;
    private readonly TokenBucket icmpErrors;
    private readonly Dictionary<IpProtocol, IActorRef> protocols = [];
    private readonly Ipv4Receive receive;
    private readonly List<byte[]> timedOut = [];
    private IReadOnlyDictionary<string, IActorRef> layers = new Dictionary<string, IActorRef>();
    private readonly Ipv4Output output;
    private long inReceives, inHdrErrors, inAddrErrors, inUnknownProtos, inDelivers, outRequests, outNoRoutes, outDiscards;
    private long reasmReqds, reasmOKs, outFragReqds, outFragOKs, outFragFails, outFragCreates, outTransmits;
    private long icmpErrorsSent, icmpErrorsSuppressed, icmpErrorsRateLimited;

    public Ipv4Layer(IActorRef iface, IActorRef arp, Ipv4Settings settings, Neighbours? neighbours)
    {
        this.iface = iface;
        this.arp = arp;
        this.neighbours = neighbours;
        this.settings = settings;
        routes = settings.RoutingTable();
        output = new Ipv4Output(Self, iface, settings, routes, neighbours);
        receive = new Ipv4Receive(routes);
        reassembler = new Ipv4Reassembler(settings.ReassemblyTimeout, settings.ReassemblyMaxDatagramBytes, settings.ReassemblyMaxBytes);
        icmpErrors = new TokenBucket(settings.IcmpErrorRate, settings.IcmpErrorBurst, Now);
        Receive<Eth.Subscribed>(subscribed => output.Attach(subscribed.Output));
        Receive<FramesReady>(ready => ready.Subscription.Drain(OnFrame));
        Receive<Ipv4.Register>(r =>
        {
            protocols[r.Protocol] = Sender;
            receive.Register(r.Protocol, r.FastPath);
            Sender.Tell(new Ipv4.Registered(r.Protocol, output), Self);
        });
        Receive<Ipv4.Send>(send => Send(send, Sender));
        Receive<Ipv4.SendOnRoute>(routed => Output(routed.Send, routed.Route, routed.Requester));
        Receive<Ipv4.JoinHost>(join => layers = join.Layers);
        Receive<ReassemblyTimeout>(_ => ExpireReassembly());
        Receive<Ipv4.GetRoutes>(_ => Sender.Tell(new Ipv4.Routes(routes.Routes), Self));
        Receive<Ipv4.GetStatistics>(_ => Sender.Tell(new Ipv4.Statistics(inReceives + receive.Received, inHdrErrors, inAddrErrors,
            inUnknownProtos, reassembler.Fails, inDelivers + receive.Received, outRequests + output.Requests, outNoRoutes, outDiscards, reasmReqds, reasmOKs,
            outFragReqds, outFragOKs, outFragFails, outFragCreates, outTransmits + output.Transmits, icmpErrorsSent, icmpErrorsSuppressed,
            icmpErrorsRateLimited), Self));
    }

    /// <summary><paramref name="neighbours"/>: the ARP cache's resolved entries, for sending to a known neighbour without
    /// passing through the cache; without it every datagram goes through <paramref name="arp"/>.</summary>
    public static Props Props(IActorRef iface, IActorRef arp, Ipv4Settings settings, Neighbours? neighbours = null) =>
        ActorProps.Create(() => new Ipv4Layer(iface, arp, settings, neighbours));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() =>
        iface.Tell(new Eth.Subscribe(FrameClassifier.ByEtherType(EtherType.Ipv4), settings.QueueCapacity) { FastPath = receive }, Self);

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
        // RFC 1122 3.2.1.3: a source that is not one host is discarded; a destination must be ours or a broadcast.
        if (packet.Source != Ipv4Address.Any && !routes.IsSingleHost(packet.Source) || !IsOurs(packet.Destination))
        {
            inAddrErrors++;
            return;
        }
        var linkBroadcast = frame.Destination.IsBroadcast || frame.Destination.IsMulticast;
        if (!packet.IsFragment)
        {
            Deliver(frame.Interface, frame.Network[..packet.TotalLength], null, linkBroadcast);
            return;
        }
        reasmReqds++;
        var now = Now;
        var status = reassembler.Add(packet, now, out var datagram);
        if (status == Ipv4ReassemblyStatus.Complete)
        {
            reasmOKs++;
            Deliver(frame.Interface, datagram.Span, datagram, linkBroadcast);
        }
        ArmReassemblyTimer(now);
    }

    /// <summary>Hands a whole datagram to its protocol; <paramref name="owned"/> is the reassembly buffer when the
    /// datagram came in fragments, so its payload is passed on without another copy.</summary>
    private void Deliver(string interfaceName, ReadOnlySpan<byte> bytes, ReadOnlyMemory<byte>? owned, bool linkBroadcast)
    {
        Ipv4Packet.TryParse(bytes, out var packet, out _);
        var toBroadcast = !routes.IsLocal(packet.Destination);
        if (!protocols.TryGetValue(packet.Protocol, out var handler))
        {
            inUnknownProtos++;
            // RFC 1122 3.2.2.1: a host SHOULD send protocol unreachable (code 2) for a transport it lacks.
            if (!toBroadcast && !linkBroadcast)
                SendIcmpError(Icmpv4Message.DestinationUnreachable(2, Quote(bytes)), packet.Source, packet.Destination);
            return;
        }
        inDelivers++;
        var header = Ipv4Header.FromPacket(packet);
        var payload = owned is { } memory
            ? new Bytes(memory.Slice(packet.HeaderLength, packet.TotalLength - packet.HeaderLength))
            : Bytes.CopyFrom(packet.Payload);
        handler.Tell(new Ipv4.Datagram(interfaceName, header, payload, toBroadcast), Self);
    }

    /// <summary><paramref name="now"/> is the time the reassembler was last given: reading the clock again here let a
    /// datagram that expired between the two readings arm a negative delay, which the scheduler throws on (the hostile
    /// fragment and nmap tests restarted the IPv4 layer this way, losing its protocol handlers).</summary>
    private void ArmReassemblyTimer(DateTimeOffset now)
    {
        if (reassembler.NextExpiry is { } next && !Timers.IsTimerActive(ReassemblyTimeout.Instance))
            Timers.StartSingleTimer(ReassemblyTimeout.Instance, ReassemblyTimeout.Instance, next - now);
    }

    private void ExpireReassembly()
    {
        timedOut.Clear();
        var now = Now;
        reassembler.Expire(now, timedOut);
        // RFC 1122 3.3.2 / RFC 792: time exceeded, code 1 "fragment reassembly time exceeded", only when the
        // first fragment arrived (it is what the message quotes).
        foreach (var quote in timedOut)
            if (Ipv4Packet.TryParse(quote, out var first, out _))
                SendIcmpError(Icmpv4Message.TimeExceeded(1, quote), first.Source, first.Destination);
        ArmReassemblyTimer(now);
    }

    private void Send(Ipv4.Send send, IActorRef requester)
    {
        outRequests++;
        if (send.Protocol == IpProtocol.Icmp && !MaySendIcmp(send))
            return;
        // RFC 1122 3.2.1.7: a host MUST NOT send a datagram with a TTL of zero.
        if (send.Ttl == 0 || send.Payload.Length > ushort.MaxValue - Ipv4Packet.MinHeaderLength)
        {
            outDiscards++;
            return;
        }
        Ipv4Route? route;
        if (send.Destination == Ipv4Address.Broadcast)
            // The limited broadcast never leaves the attached network (RFC 1122 3.3.6): it goes out here.
            route = new Ipv4Route(new Ipv4Cidr(Ipv4Address.Broadcast, 32), null, settings.Interface,
                settings.Addresses.Count > 0 ? settings.Addresses[0].Address : Ipv4Address.Any, settings.Mtu);
        else
            route = routes.Lookup(send.Destination);
        if (route is null)
        {
            outNoRoutes++;
            return;
        }
        if (route.Interface == settings.Interface)
            Output(send, route, requester);
        else if (layers.TryGetValue(route.Interface, out var layer))
            layer.Tell(new Ipv4.SendOnRoute(send, route, requester), Self);
        else
            outNoRoutes++;
    }

    /// <summary>Sends a routed datagram out of this layer's interface, in fragments when it exceeds the route's MTU.</summary>
    private void Output(Ipv4.Send send, Ipv4Route route, IActorRef requester)
    {
        var source = send.Source != Ipv4Address.Any ? send.Source : route.Source;
        var header = Ipv4Header.Create(source, send.Destination, send.Protocol, send.Ttl ?? settings.Ttl, output.NextIdentification(),
            send.DontFragment, dscp: (byte)(send.Tos >> 2), ecn: (byte)(send.Tos & 0x03));
        var mtu = Math.Min(route.Mtu, settings.Mtu);
        var length = header.Length + send.Payload.Length;
        var nextHop = route.NextHop(send.Destination);
        var broadcast = send.Destination == Ipv4Address.Broadcast || routes.IsSubnetBroadcast(send.Destination);
        if (length <= mtu)
        {
            // The sender's headroom takes the header: the payload is not copied (RFC 791's header in front of it).
            if (send.Headroom >= header.Length && MemoryMarshal.TryGetArray(send.Payload.Memory, out var given))
            {
                var start = given.Offset - header.Length;
                header.Emit(given.Array.AsSpan(start, header.Length), send.Payload.Length);
                Transmit(given.Array.AsMemory(start, length), nextHop, broadcast, send.Headroom - header.Length, send.Pooled);
                return;
            }
            var datagram = new byte[length];
            header.Emit(datagram, send.Payload.Length);
            send.Payload.Span.CopyTo(datagram.AsSpan(header.Length));
            Transmit(datagram, nextHop, broadcast);
            return;
        }
        outFragReqds++;
        if (send.DontFragment)
        {
            outFragFails++;
            FragmentationNeeded(send, header, requester, mtu);
            return;
        }
        var count = Ipv4Fragmentation.Measure(header, send.Payload.Length, mtu, out var total);
        // An MTU of at least 68 (RFC 791) keeps even a 65535-byte datagram under 1400 fragments.
        if (count == 0)
        {
            outFragFails++;
            return;
        }
        // RFC 791 3.2: every fragment gets the datagram's identification; one buffer holds them all.
        var buffer = new byte[total];
        Span<int> lengths = stackalloc int[count];
        Ipv4Fragmentation.Emit(header, send.Payload.Span, mtu, buffer, lengths);
        outFragOKs++;
        outFragCreates += count;
        var at = 0;
        foreach (var fragmentLength in lengths)
        {
            Transmit(buffer.AsMemory(at, fragmentLength), nextHop, broadcast);
            at += fragmentLength;
        }
    }

    /// <summary><paramref name="headroom"/>: bytes in front of <paramref name="datagram"/> the interface may write its
    /// header into; <paramref name="pooled"/>: its array goes back to <see cref="FrameBuffers"/> once sent. A known
    /// neighbour's MAC is read from the cache's <see cref="Neighbours"/>; an unknown one is the cache's to resolve.</summary>
    private void Transmit(ReadOnlyMemory<byte> datagram, Ipv4Address nextHop, bool broadcast, int headroom = 0, bool pooled = false)
    {
        outTransmits++;
        if (broadcast)
            iface.Tell(new Eth.Transmit(MacAddress.Broadcast, EtherType.Ipv4, datagram) { Headroom = headroom, Pooled = pooled }, Self);
        else if (neighbours is not null && neighbours.TryGet(nextHop, out var mac))
            iface.Tell(new Eth.Transmit(mac, EtherType.Ipv4, datagram) { Headroom = headroom, Pooled = pooled }, Self);
        else
            arp.Tell(new Arp.Arp.Transmit(nextHop, EtherType.Ipv4, datagram) { Headroom = headroom, Pooled = pooled }, Self);
    }

    /// <summary>RFC 1191: a datagram with DF that does not fit. A local sender hears it as a message; a datagram
    /// from elsewhere (a source not ours) gets ICMP type 3 code 4 with the next-hop MTU.</summary>
    private void FragmentationNeeded(Ipv4.Send send, Ipv4Header header, IActorRef requester, int mtu)
    {
        if (!requester.Equals(Context.System.DeadLetters) && !requester.Equals(ActorRefs.Nobody) && !requester.Equals(Self))
        {
            requester.Tell(new Ipv4.FragmentationNeeded(send, mtu), Self);
            return;
        }
        if (routes.IsLocal(send.Source))
            return;
        var quote = new byte[header.Length + Math.Min(8, send.Payload.Length)];
        header.Emit(quote, send.Payload.Length);
        send.Payload.Span[..(quote.Length - header.Length)].CopyTo(quote.AsSpan(header.Length));
        SendIcmpError(Icmpv4Message.DestinationUnreachable(4, quote, (ushort)mtu), send.Source, Ipv4Address.Any);
    }

    /// <summary>Sends an ICMP error the layer itself found, from the address the offending datagram was sent to
    /// when that is ours (RFC 1122 3.2.2), through the same checks as every other ICMP error.</summary>
    private void SendIcmpError(Icmpv4Message message, Ipv4Address to, Ipv4Address offendingDestination)
    {
        var bytes = new byte[message.Length];
        message.Emit(bytes);
        var source = routes.IsLocal(offendingDestination) ? offendingDestination : Ipv4Address.Any;
        Send(new Ipv4.Send(source, to, IpProtocol.Icmp, bytes), Self);
    }

    /// <summary>
    /// RFC 1122 3.2.2 for every ICMP error leaving the host, whoever built it: never about an ICMP error,
    /// a datagram to a broadcast or multicast address, a non-first fragment, or a datagram whose source is not
    /// one host; and never more than the token bucket allows (RFC 1812 4.3.2.8). Queries and replies pass.
    /// </summary>
    private bool MaySendIcmp(Ipv4.Send send)
    {
        if (!Icmpv4Packet.TryParse(send.Payload.Span, out var icmp, out _) || !IsIcmpError(icmp.Type))
            return true;
        var quoted = icmp.Data;
        var allowed = routes.IsSingleHost(send.Destination) &&
            Ipv4Packet.TryParse(quoted, out var offending, out _) &&
            offending.FragmentOffset == 0 &&
            routes.IsSingleHost(offending.Source) &&
            !routes.IsBroadcastOrMulticast(offending.Destination) &&
            (offending.Protocol != IpProtocol.Icmp || quoted.Length > offending.HeaderLength &&
                !IsIcmpError((Icmpv4Type)quoted[offending.HeaderLength]));
        if (!allowed)
        {
            icmpErrorsSuppressed++;
            return false;
        }
        if (!icmpErrors.TryTake(Now))
        {
            icmpErrorsRateLimited++;
            return false;
        }
        icmpErrorsSent++;
        return true;
    }

    /// <summary>RFC 1122 3.2.2: the message types that report errors (the rest are queries and replies).</summary>
    private static bool IsIcmpError(Icmpv4Type type) => type is Icmpv4Type.DestinationUnreachable or
        Icmpv4Type.SourceQuench or Icmpv4Type.Redirect or Icmpv4Type.TimeExceeded or Icmpv4Type.ParameterProblem;

    /// <summary>The offending datagram's header and the first 8 bytes of its data (RFC 792).</summary>
    private static Bytes Quote(ReadOnlySpan<byte> datagram)
    {
        Ipv4Packet.TryParse(datagram, out var packet, out _);
        return Bytes.CopyFrom(datagram[..Math.Min(datagram.Length, packet.HeaderLength + 8)]);
    }

    private bool IsOurs(Ipv4Address destination) =>
        destination == Ipv4Address.Broadcast || routes.IsLocal(destination) || routes.IsSubnetBroadcast(destination);

    private sealed record ReassemblyTimeout
    {
        public static ReassemblyTimeout Instance { get; } = new();
    }
}
