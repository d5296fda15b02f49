using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Udp;

/// <summary>
/// UDP (RFC 768) over one IPv4 layer: verifies each datagram's checksum, hands it to the socket bound to its
/// destination address and port (else to one bound to the wildcard address), and answers datagrams for a port
/// nobody holds with ICMP port unreachable (RFC 1122 4.1.3.1). Opens sockets (<see cref="Udp.Open"/>), each a
/// child actor owned by whoever asked, and keeps the bindings: ephemeral ports from the IANA dynamic range
/// (RFC 6335 6), eaddrinuse for a taken one.
/// </summary>
/// <remarks>Addresses are <see cref="InetAddress"/> throughout: with an IPv6 layer, inet6 sockets take datagrams from
/// it and send through it (RFC 8200 8.1); without one they are eafnosupport.</remarks>
public sealed class UdpLayer : ReceiveActor
{
    private readonly IActorRef ipv4;
    private readonly IReadOnlyList<Ipv4Cidr> addresses;
    private readonly IActorRef? ipv6;
    private readonly IReadOnlyList<Ipv6Address> ipv6Addresses;
    private readonly UdpSettings settings;
    private readonly UdpCounters counters = new();
    private readonly Dictionary<(InetAddress Address, ushort Port), IActorRef> bindings = [];
    private readonly Dictionary<IActorRef, (InetAddress Address, ushort Port)> sockets = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private int nextEphemeral;
    private long socketSequence;

    public UdpLayer(IActorRef ipv4, IReadOnlyList<Ipv4Cidr> addresses, UdpSettings settings, IActorRef? ipv6, IReadOnlyList<Ipv6Address> ipv6Addresses)
    {
        this.ipv4 = ipv4;
        this.addresses = addresses;
        this.ipv6 = ipv6;
        this.ipv6Addresses = ipv6Addresses;
        this.settings = settings;
        // RFC 6056 3.3.1 would hash; a random start and a sequential search is its simple Algorithm 1 variant.
        nextEphemeral = Random.Shared.Next(settings.EphemeralLow, settings.EphemeralHigh + 1);
        Receive<Ipv4.Registered>(_ => { });
        Receive<Ipv4.Datagram>(OnDatagram);
        Receive<Ipv6.Registered>(_ => { });
        Receive<Ipv6.Datagram>(OnDatagram);
        Receive<Udp.Open>(Open);
        Receive<UdpSocketActor.Release>(r =>
        {
            Unbind(Sender);
            r.ReplyTo.Tell(Udp.Ok.Instance, r.Socket);
        });
        Receive<Terminated>(t => Unbind(t.ActorRef));
        Receive<Udp.GetStatistics>(_ => Sender.Tell(new Udp.Statistics(
            Interlocked.Read(ref counters.InDatagrams), Interlocked.Read(ref counters.NoPorts), Interlocked.Read(ref counters.InErrors),
            Interlocked.Read(ref counters.OutDatagrams), Interlocked.Read(ref counters.RcvbufErrors),
            Interlocked.Read(ref counters.PortUnreachables), sockets.Count), Self));
    }

    /// <param name="ipv6">The interface's IPv6 layer, if it has one; <paramref name="ipv6Addresses"/> are the addresses an
    /// inet6 socket may bind (its link-local and configured ones).</param>
    public static Props Props(IActorRef ipv4, IReadOnlyList<Ipv4Cidr> addresses, UdpSettings? settings = null,
        IActorRef? ipv6 = null, IReadOnlyList<Ipv6Address>? ipv6Addresses = null) =>
        ActorProps.Create(() => new UdpLayer(ipv4, addresses, settings ?? UdpSettings.Default, ipv6, ipv6Addresses ?? []));

    protected override void PreStart()
    {
        ipv4.Tell(new Ipv4.Register(IpProtocol.Udp), Self);
        ipv6?.Tell(new Ipv6.Register(IpProtocol.Udp), Self);
    }

    /// <summary>The only supervision a socket gets: one that throws is stopped (its owner sees it gone), never
    /// restarted with its binding and queue lost behind the owner's back.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(static _ => Directive.Stop);

    private void OnDatagram(Ipv4.Datagram datagram)
    {
        var header = datagram.Header;
        if (!UdpPacket.TryParse(datagram.Payload.Span, out var udp, out _) || udp.IsTruncated)
        {
            UdpCounters.Increment(ref counters.InErrors);
            return;
        }
        // RFC 768, RFC 1122 4.1.3.4: a datagram with a wrong checksum is discarded; zero means none was sent,
        // which IPv4 allows.
        var pseudoHeader = InternetChecksum.PseudoHeader(header.Source, header.Destination, IpProtocol.Udp, udp.Length);
        if (udp.VerifyChecksum(pseudoHeader) == ChecksumStatus.Bad)
        {
            UdpCounters.Increment(ref counters.InErrors);
            return;
        }
        if (!TryDeliver(header.Destination, InetAddress.Any, header.Source, udp, datagram.Payload) && settings.PortUnreachable)
            SendPortUnreachable(datagram);
    }

    private void OnDatagram(Ipv6.Datagram datagram)
    {
        var header = datagram.Header;
        // RFC 8200 8.1: the checksum is mandatory over IPv6; a zero one is discarded like a wrong one.
        if (!UdpPacket.TryParse(datagram.Payload.Span, out var udp, out _) || udp.IsTruncated || udp.Checksum == 0 ||
            udp.VerifyChecksum(InternetChecksum.PseudoHeader(header.Source, header.Destination, IpProtocol.Udp, udp.Length)) != ChecksumStatus.Good)
        {
            UdpCounters.Increment(ref counters.InErrors);
            return;
        }
        if (!TryDeliver(header.Destination, InetAddress.Ipv6Any, header.Source, udp, datagram.Payload) && settings.PortUnreachable &&
            !datagram.ToMulticast)
            SendPortUnreachable(datagram);
    }

    /// <summary>Hands the datagram to the socket bound to its destination address and port, else to the one bound to
    /// the family's wildcard; false (counted in NoPorts) when neither exists.</summary>
    private bool TryDeliver(InetAddress destination, InetAddress wildcard, InetAddress source, UdpPacket udp, Bytes payload)
    {
        var port = udp.DestinationPort;
        if (!bindings.TryGetValue((destination, port), out var socket) && !bindings.TryGetValue((wildcard, port), out socket))
        {
            UdpCounters.Increment(ref counters.NoPorts);
            return false;
        }
        UdpCounters.Increment(ref counters.InDatagrams);
        socket.Tell(new UdpSocketActor.Inbound(source, udp.SourcePort,
            payload.Memory.Slice(UdpPacket.HeaderLength, udp.Length - UdpPacket.HeaderLength)), Self);
        return true;
    }

    /// <summary>ICMPv6 destination unreachable, code 4 "port unreachable" (RFC 4443 3.1), quoting as much of the
    /// invoking packet as fits in the minimum MTU of 1280. Never for a multicast destination (RFC 4443 2.4(e)); the
    /// IPv6 layer writes the checksum once it has picked the source.</summary>
    private void SendPortUnreachable(Ipv6.Datagram datagram)
    {
        var header = datagram.Header;
        var original = new byte[header.Length + datagram.Payload.Length];
        header.Emit(original, datagram.Payload.Length);
        datagram.Payload.Span.CopyTo(original.AsSpan(header.Length));
        var quoted = original.AsSpan(0, Math.Min(original.Length, 1280 - Ipv6Packet.HeaderLength - Icmpv6Packet.HeaderLength));
        var icmp = new Icmpv6Message(Icmpv6Type.DestinationUnreachable, 4, 0, 0, Bytes.CopyFrom(quoted));
        var bytes = new byte[icmp.Length];
        icmp.Emit(bytes, 0);
        bytes[2] = bytes[3] = 0;
        UdpCounters.Increment(ref counters.PortUnreachables);
        ipv6!.Tell(new Ipv6.Send(header.Destination, header.Source, IpProtocol.Icmpv6, bytes, ChecksumOffset: 2), Self);
    }

    /// <summary>ICMP destination unreachable, code 3 (RFC 792), quoting the IP header and the first 8 bytes of the
    /// datagram. RFC 1122 3.2.2 forbids it for datagrams to a broadcast or multicast address and for datagrams whose
    /// source is not one host (unspecified, broadcast, multicast, loopback, class E). The IPv4 layer rate-limits.</summary>
    private void SendPortUnreachable(Ipv4.Datagram datagram)
    {
        var header = datagram.Header;
        var source = header.Source;
        if (datagram.ToBroadcast || header.Destination.IsMulticast || source == Ipv4Address.Any || source == Ipv4Address.Broadcast ||
            source.IsMulticast || source.Value >> 24 == 127 || source.Value >> 28 == 0xF ||
            addresses.Any(a => a.PrefixLength < 31 && a.Broadcast == source))
            return;
        var quotedData = Math.Min(8, datagram.Payload.Length);
        var quoted = new byte[header.Length + quotedData];
        header.Emit(quoted, datagram.Payload.Length);
        datagram.Payload.Span[..quotedData].CopyTo(quoted.AsSpan(header.Length));
        var icmp = Icmpv4Message.DestinationUnreachable(3, quoted);
        var bytes = new byte[icmp.Length];
        icmp.Emit(bytes);
        UdpCounters.Increment(ref counters.PortUnreachables);
        ipv4.Tell(new Ipv4.Send(header.Destination, source, IpProtocol.Icmp, bytes), Self);
    }

    private void Open(Udp.Open open)
    {
        var owner = open.Owner ?? Sender;
        var options = UdpSocketOptions.Create(settings, open.Options ?? []);
        if (!options.IsOk)
        {
            Sender.Tell(new Udp.Error(open, options.Error!.Value), Self);
            return;
        }
        var o = options.Value;
        var address = o.Address;
        Posix? refusal =
            !address.IsIpv4 && ipv6 is null ? Posix.Eafnosupport
            : !address.IsUnspecified && (address.IsIpv4 ? !addresses.Any(a => a.Address == address.Ipv4) : !ipv6Addresses.Contains(address.Ipv6))
                ? Posix.Eaddrnotavail
            : sockets.Count >= settings.MaxSockets ? Posix.Emfile
            : (Posix?)null;
        var port = open.Port;
        if (refusal is null && port == 0 && !TryEphemeral(address, out port))
            refusal = Posix.Eaddrinuse;
        if (refusal is null && !IsFree(address, port))
            refusal = Posix.Eaddrinuse;
        if (refusal is { } reason)
        {
            Sender.Tell(new Udp.Error(open, reason), Self);
            return;
        }
        var endpoint = new UdpSocketActor.Endpoint(ipv4, Self, addresses, counters, address, port) { Ipv6 = ipv6 };
        var socket = Context.Watch(Context.ActorOf(UdpSocketActor.Props(endpoint, owner, o, settings), $"port-{port}-{++socketSequence}"));
        bindings[(address, port)] = socket;
        sockets[socket] = (address, port);
        log.Debug("UDP socket {Address}:{Port} opened for {Owner}", address, port, owner.Path);
        Sender.Tell(new Udp.Opened(socket, address, port), Self);
    }

    /// <summary>Without SO_REUSEADDR a port is taken if the same address or its family's wildcard holds it, and a
    /// wildcard binding needs the port free on every address of its family. The families do not share ports: an inet6
    /// socket hears IPv6 only (an IPV6_V6ONLY socket), so port 7 of each is a socket of its own.</summary>
    private bool IsFree(InetAddress address, ushort port) =>
        address.IsUnspecified ? !sockets.Values.Any(b => b.Port == port && b.Address.Family == address.Family)
            : !bindings.ContainsKey((address, port)) && !bindings.ContainsKey((address.IsIpv4 ? InetAddress.Any : InetAddress.Ipv6Any, port));

    private bool TryEphemeral(InetAddress address, out ushort port)
    {
        var span = settings.EphemeralHigh - settings.EphemeralLow + 1;
        for (var i = 0; i < span; i++)
        {
            var candidate = settings.EphemeralLow + (nextEphemeral - settings.EphemeralLow + i) % span;
            if (IsFree(address, (ushort)candidate))
            {
                nextEphemeral = candidate + 1;
                port = (ushort)candidate;
                return true;
            }
        }
        port = 0;
        return false;
    }

    private void Unbind(IActorRef socket)
    {
        if (sockets.Remove(socket, out var binding))
            bindings.Remove(binding);
    }
}
