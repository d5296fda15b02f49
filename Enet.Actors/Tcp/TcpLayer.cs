using System.Buffers.Binary;
using Enet.Actors.Diagnostics;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// TCP (RFC 9293) over one interface's IPv4 layer and, when it has one, its IPv6 layer: verifies each segment's checksum over the pseudo-header, hands it to the
/// connection its 4-tuple names, else to the listener on its port, else answers with a reset as the CLOSED state
/// does (RFC 9293 3.10.7.1). It speaks Akka.IO's TCP protocol: a Connect makes an active connection, a Bind a
/// listener, which asks for a passive connection for each SYN it accepts; connections are its children. The connection
/// table is bounded by <see cref="TcpSettings.MaxConnections"/>. A listener bound to an IPv4 address hears IPv4 only; one
/// bound to :: hears both families (a dual-stack socket, as Linux's default net.ipv6.bindv6only=0), one bound to an IPv6
/// address only that address.
/// </summary>
public sealed class TcpLayer : ReceiveActor
{
    /// <summary>From a listener: make a connection in SYN-RECEIVED for this SYN, reporting to the listening handler; or,
    /// with a <paramref name="Cookie"/>, one in ESTABLISHED for the ACK in <paramref name="Syn"/> that brought the SYN
    /// cookie back (RFC 4987 3.6).</summary>
    internal sealed record OpenPassive(ConnectionId Id, Bytes Syn, TcpListener.Listening Listening, SynCookie? Cookie = null);

    /// <summary>From a listener: a segment for the connection a SYN cookie's ACK asked for, which reached the listener
    /// before that connection was made; to it, if it is there.</summary>
    internal sealed record Forward(ConnectionId Id, Bytes Segment);

    /// <summary>From a connection whose core is CLOSED while its actor lives on (a gen_tcp socket not yet closed by its
    /// user): out of the table now, its port free.</summary>
    internal sealed record Released
    {
        public static Released Instance { get; } = new();
    }

    /// <summary>A Connect or Bind whose connections show <paramref name="Face"/> (a plain one gets Akka.IO's).</summary>
    internal sealed record WithFace(IoTcp.Command Command, IConnectionFace Face);

    /// <summary>From a listener told to unbind: let its port go and answer <paramref name="ReplyTo"/> with Unbound.</summary>
    internal sealed record Unbinding(ushort Port, IActorRef ReplyTo);

    /// <summary>From a gen_tcp listen socket that closes: reset the connections it held for accept, and take them out of
    /// the table now rather than when they have stopped, so a listen right after the close finds their port free (as
    /// close(2) of a Linux listener frees its accept queue within the call).</summary>
    internal sealed record AbortConnections(IReadOnlyList<IActorRef> Connections);

    private readonly IActorRef ipv4;
    private readonly IActorRef? ipv6;
    private readonly IReadOnlyList<Ipv4Cidr> addresses;
    private readonly IReadOnlyList<Ipv6Cidr> ipv6Addresses;
    private readonly TcpSettings settings;
    private readonly int mtu;
    private readonly Ipv4RoutingTable? routes;
    private readonly TcpCounters counters = new();
    private readonly InitialSequenceNumbers isn;
    private readonly SynCookies cookies = new();
    private readonly ChallengeAckLimit challengeAcks;
    private readonly TcpDemux demux;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ConnectionId, IActorRef> connections;
    private readonly Dictionary<IActorRef, ConnectionId> ids = [];
    private readonly Dictionary<ushort, (IActorRef Actor, InetAddress Bound)> listeners = [];

    /// <summary>The connections made with <see cref="TcpOptions.ReuseAddress"/> (SO_REUSEADDR), whose port another socket
    /// with it may bind.</summary>
    private readonly HashSet<IActorRef> reusable = [];
    private readonly ILoggingAdapter log = Context.GetLogger();
    private Ipv4Output output;
    private int nextEphemeral;
    private long sequence;

    public TcpLayer(IActorRef ipv4, IReadOnlyList<Ipv4Cidr> addresses, int mtu, TcpSettings settings, Ipv4RoutingTable? routes,
        IActorRef? ipv6, IReadOnlyList<Ipv6Cidr> ipv6Addresses)
    {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.ipv6Addresses = ipv6Addresses;
        this.addresses = addresses;
        this.settings = settings;
        this.mtu = mtu;
        this.routes = routes;
        demux = new TcpDemux(counters);
        output = Ipv4Output.ThroughActor(ipv4);
        connections = demux.Connections;
        var system = Context.System;
        isn = new InitialSequenceNumbers(() => system.Scheduler.Now);
        challengeAcks = new ChallengeAckLimit(settings.ChallengeAckLimit);
        nextEphemeral = Random.Shared.Next(settings.EphemeralLow, settings.EphemeralHigh + 1);
        // Until the IPv4 layer answers, connections send through its mailbox; after, on their own turn where they can.
        Receive<Ipv4.Registered>(r => output = r.Output);
        Receive<Ipv4.Datagram>(OnDatagram);
        Receive<Ipv6.Registered>(_ => { });
        Receive<Ipv6.Datagram>(OnDatagram);
        Receive<Ipv6.PacketTooBig>(OnPacketTooBig);
        Receive<IoTcp.Connect>(c => Connect(c, TcpConnection.Face.Instance));
        Receive<IoTcp.Bind>(b => Bind(b, TcpConnection.Face.Instance));
        Receive<WithFace>(w =>
        {
            if (w.Command is IoTcp.Connect connect)
                Connect(connect, w.Face);
            else if (w.Command is IoTcp.Bind bind)
                Bind(bind, w.Face);
        });
        Receive<OpenPassive>(Open);
        Receive<Forward>(f =>
        {
            if (connections.TryGetValue(f.Id, out var connection))
                connection.Tell(new TcpConnectionShell.Inbound(f.Segment), Self);
        });
        Receive<Unbinding>(u =>
        {
            if (listeners.TryGetValue(u.Port, out var listener) && listener.Actor.Equals(Sender))
                listeners.Remove(u.Port);
            u.ReplyTo.Tell(IoTcp.Unbound.Instance, Sender);
        });
        Receive<EnetTcp.GetSettings>(_ => Sender.Tell(settings, Self));
        Receive<AbortConnections>(abort =>
        {
            foreach (var connection in abort.Connections)
            {
                connection.Tell(IoTcp.Abort.Instance, Sender);
                Forget(connection);
            }
        });
        Receive<Terminated>(t => Forget(t.ActorRef));
        Receive<Released>(_ =>
        {
            Context.Unwatch(Sender);
            Forget(Sender);
        });
        Receive<TcpStatus.GetTcpStatistics>(_ => TcpStatus.Gather([.. ids.Keys], listeners.Count, Sender));
        Receive<EnetTcp.GetStatistics>(_ => Sender.Tell(new EnetTcp.Statistics(
            Interlocked.Read(ref counters.ActiveOpens), Interlocked.Read(ref counters.PassiveOpens),
            Interlocked.Read(ref counters.AttemptFails), Interlocked.Read(ref counters.EstabResets),
            Interlocked.Read(ref counters.CurrEstab), Interlocked.Read(ref counters.InSegs), Interlocked.Read(ref counters.OutSegs),
            Interlocked.Read(ref counters.RetransSegs), Interlocked.Read(ref counters.InErrs), Interlocked.Read(ref counters.OutRsts),
            connections.Count, Interlocked.Read(ref counters.SynCookiesSent), Interlocked.Read(ref counters.SynCookiesAccepted),
            Interlocked.Read(ref counters.SynCookiesRejected), Interlocked.Read(ref counters.ChallengeAcks),
            Interlocked.Read(ref counters.ChallengeAcksSkipped)), Self));
    }

    /// <summary><paramref name="routes"/>, the host's table, gives each connection the MTU of its route; without it
    /// every connection takes the interface's <paramref name="mtu"/>. <paramref name="ipv6"/> is the interface's IPv6
    /// layer, if it has one, and <paramref name="ipv6Addresses"/> its addresses (the link-local one included).</summary>
    public static Props Props(IActorRef ipv4, IReadOnlyList<Ipv4Cidr> addresses, int mtu = 1500, TcpSettings? settings = null,
        Ipv4RoutingTable? routes = null, IActorRef? ipv6 = null, IReadOnlyList<Ipv6Cidr>? ipv6Addresses = null) =>
        ActorProps.Create(() => new TcpLayer(ipv4, addresses, mtu, settings ?? TcpSettings.Default, routes, ipv6, ipv6Addresses ?? []));

    protected override void PreStart()
    {
        ipv4.Tell(new Ipv4.Register(IpProtocol.Tcp) { FastPath = demux }, Self);
        ipv6?.Tell(new Ipv6.Register(IpProtocol.Tcp) { FastPath = demux }, Self);
    }

    /// <summary>A connection that throws is stopped, its peer left to time out, never restarted with its state lost.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(static _ => Directive.Stop);

    private void OnDatagram(Ipv4.Datagram datagram)
    {
        var header = datagram.Header;
        Arrived(header.Destination, header.Source, datagram.Payload, datagram.ToBroadcast,
            InternetChecksum.PseudoHeader(header.Source, header.Destination, IpProtocol.Tcp, datagram.Payload.Length));
    }

    /// <summary>Over IPv6 the checksum covers RFC 8200 8.1's pseudo-header.</summary>
    private void OnDatagram(Ipv6.Datagram datagram)
    {
        var header = datagram.Header;
        Arrived(header.Destination, header.Source, datagram.Payload, datagram.ToMulticast,
            InternetChecksum.PseudoHeader(header.Source, header.Destination, IpProtocol.Tcp, datagram.Payload.Length));
    }

    private void Arrived(InetAddress local, InetAddress remote, Bytes payload, bool notUnicast, uint pseudoHeader)
    {
        TcpCounters.Increment(ref counters.InSegs);
        // RFC 9293 3.1, 3.10.7: a segment that does not parse or whose checksum is wrong is dropped, counted; TCP is
        // unicast only (RFC 1122 4.2.3.10), so one to a broadcast address or a multicast group is too.
        if (notUnicast || !TcpPacket.TryParse(payload.Span, out var segment, out _) || segment.VerifyChecksum(pseudoHeader) != ChecksumStatus.Good)
        {
            TcpCounters.Increment(ref counters.InErrs);
            return;
        }
        var id = new ConnectionId(local, segment.DestinationPort, remote, segment.SourcePort);
        if (connections.TryGetValue(id, out var connection))
            connection.Tell(new TcpConnectionShell.Inbound(payload), Self);
        else if (listeners.TryGetValue(id.LocalPort, out var listener) && Hears(listener.Bound, id.LocalAddress))
            listener.Actor.Tell(new TcpListener.Inbound(id.RemoteAddress, id.LocalAddress, payload, Mss(id)), Self);
        else
            TcpOutput.Reset(output, ipv6, Self, counters, id, segment);
    }

    /// <summary>Whether a listener bound to <paramref name="bound"/> takes a SYN for <paramref name="local"/>: IPv4 ones
    /// every IPv4 address (as before: one listener per port), :: every address of both families, an IPv6 address itself.</summary>
    private static bool Hears(InetAddress bound, InetAddress local) =>
        bound.IsIpv4 ? local.IsIpv4 : bound.IsUnspecified || bound == local;

    /// <summary>RFC 8201 5.2: the IPv6 layer heard a Packet Too Big for a segment of ours; the quoted TCP header (its
    /// first 8 bytes are all RFC 4443 3.2 promises to be enough of) names the connection and the sequence number.</summary>
    private void OnPacketTooBig(Ipv6.PacketTooBig tooBig)
    {
        var quoted = tooBig.Quoted.Span;
        if (quoted.Length < 8)
            return;
        var id = new ConnectionId(tooBig.Source, BinaryPrimitives.ReadUInt16BigEndian(quoted), tooBig.Destination,
            BinaryPrimitives.ReadUInt16BigEndian(quoted[2..]));
        if (connections.TryGetValue(id, out var connection))
            connection.Tell(new TcpConnectionShell.PathMtu(tooBig.Mtu - Ipv6Packet.HeaderLength - TcpPacket.MinimumHeaderLength,
                new SequenceNumber(BinaryPrimitives.ReadUInt32BigEndian(quoted[4..]))), Self);
    }

    private void Connect(IoTcp.Connect connect, IConnectionFace face)
    {
        // A named endpoint is refused, not guessed at; so is an IPv6 one without an IPv6 layer, and a local address of
        // the other family than the remote one (a wildcard of either family goes with both, as on a dual-stack socket).
        if (!EndPoints.TryInet(connect.RemoteAddress, out var remote, out var remotePort) || connect.RemoteAddress is null ||
            !EndPoints.TryInet(connect.LocalAddress, out var boundAddress, out var boundPort) || !IsOurs(boundAddress) ||
            !boundAddress.IsUnspecified && boundAddress.Family != remote.Family || !remote.IsIpv4 && ipv6 is null ||
            (boundAddress.IsUnspecified ? Source(remote) : boundAddress) is not { } localAddress)
        {
            Sender.Tell(face.Refused(connect, TcpError.Einval), Self);
            return;
        }
        var options = TcpOptions.From(connect.Options);
        var port = boundPort;
        // A local port the caller names is bound as by bind(2) before connect(2), under the same rule as Bind.
        if (connections.Count >= settings.MaxConnections || port == 0 && !TryEphemeral(
                candidate => !listeners.ContainsKey(candidate) && !connections.ContainsKey(new ConnectionId(localAddress, candidate, remote, remotePort)),
                out port) ||
            boundPort != 0 && PortInUse(port, options.ReuseAddress))
        {
            Sender.Tell(face.Refused(connect, TcpError.Eaddrinuse), Self);
            return;
        }
        var id = new ConnectionId(localAddress, port, remote, remotePort);
        if (connections.ContainsKey(id))
        {
            Sender.Tell(face.Refused(connect, TcpError.Eaddrinuse), Self);
            return;
        }
        TcpCounters.Increment(ref counters.ActiveOpens);
        Start(id, new TcpConnectionShell.Opening.Active(connect, options, Sender), options.ReuseAddress, face);
    }

    private void Open(OpenPassive open)
    {
        OpenOrForward(open);
        // Segments for it that reach the listener from now on were sent there before this one was handled.
        if (open.Cookie is not null)
            Sender.Tell(new TcpListener.CookieOpened(open.Id), Self);
    }

    private void OpenOrForward(OpenPassive open)
    {
        if (connections.TryGetValue(open.Id, out var existing))
        {
            // A retransmitted SYN (or a second segment after a cookie's ACK) raced the connection made for the first
            // one: that connection takes it.
            existing.Tell(new TcpConnectionShell.Inbound(open.Syn), Self);
            if (open.Cookie is null)
                Sender.Tell(TcpListener.HalfOpenEnded.Instance, Self);
            return;
        }
        if (connections.Count >= settings.MaxConnections)
        {
            if (open.Cookie is null)
                Sender.Tell(TcpListener.HalfOpenEnded.Instance, Self);
            return;
        }
        TcpCounters.Increment(ref counters.PassiveOpens);
        var listening = open.Listening;
        Start(open.Id, new TcpConnectionShell.Opening.Passive(open.Syn, listening.Handler, Sender, listening.Options, listening.PullMode,
            open.Cookie), listening.Options.ReuseAddress, listening.Face, open.Cookie?.Iss);
    }

    /// <summary>A connection for <paramref name="id"/>; its ISS is RFC 6528's unless a SYN cookie gave it
    /// (<paramref name="iss"/>).</summary>
    private void Start(ConnectionId id, TcpConnectionShell.Opening opening, bool reuseAddress, IConnectionFace face, SequenceNumber? iss = null)
    {
        var endpoint = new TcpConnectionShell.Endpoint(output, id.IsIpv4 ? null : ipv6, Self, id, counters, settings, Mss(id),
            iss ?? isn.Next(id), challengeAcks);
        var connection = Context.Watch(Context.ActorOf(face.Props(endpoint, opening), $"{id.LocalPort}-{id.RemoteAddress}-{id.RemotePort}-{++sequence}"));
        connections[id] = connection;
        ids[connection] = id;
        if (reuseAddress)
            reusable.Add(connection);
        log.Debug("TCP connection {Id} started", id);
    }

    /// <summary>RFC 9293 3.7.1 / RFC 879 / RFC 1122 4.2.2.6: the MSS we offer, and the most we send, is the MTU of the
    /// route to the peer (which the IPv4 layer fragments to) less the IPv4 and TCP headers without options, so a route
    /// with a smaller MTU than the interface's gets segments that need no fragmenting. Over IPv6 (RFC 8201 5.2, RFC 9293
    /// 3.7.1) the link MTU less the 40-byte IPv6 header and the TCP header; a Packet Too Big lowers it later.</summary>
    private int Mss(ConnectionId id)
    {
        if (!id.IsIpv4)
            return mtu - Ipv6Packet.HeaderLength - TcpPacket.MinimumHeaderLength;
        var routeMtu = routes?.Lookup(id.RemoteAddress.Ipv4)?.Mtu ?? mtu;
        return routeMtu - Ipv4Packet.MinHeaderLength - TcpPacket.MinimumHeaderLength;
    }

    /// <summary>The wildcard, or one of our addresses.</summary>
    private bool IsOurs(InetAddress address) =>
        address.IsUnspecified || (address.IsIpv4
            ? addresses.Any(a => a.Address == address.Ipv4)
            : ipv6Addresses.Any(a => a.Address == address.Ipv6));

    /// <summary>The local address of a connection to <paramref name="remote"/> from a socket bound to the wildcard: over
    /// IPv4 ours on the remote's subnet, else the first; over IPv6 by RFC 6724's rules.</summary>
    private InetAddress? Source(InetAddress remote)
    {
        if (!remote.IsIpv4)
            return Ipv6SourceSelection.Select(ipv6Addresses, remote.Ipv6) is { } source ? source : null;
        var local = addresses.FirstOrDefault(a => a.Contains(remote.Ipv4));
        return local != default ? local.Address : addresses.Count > 0 ? addresses[0].Address : Ipv4Address.Any;
    }

    private void Bind(IoTcp.Bind bind, IConnectionFace face)
    {
        var options = TcpOptions.From(bind.Options);
        if (!EndPoints.TryInet(bind.LocalAddress, out var address, out var port) || !IsOurs(address))
        {
            Sender.Tell(face.Refused(bind, TcpError.Einval), Self);
            return;
        }
        // Port 0 asks for any free port, as bind(2) does; Bound tells which.
        if (port == 0 ? !TryEphemeral(candidate => !PortInUse(candidate, reuseAddress: false), out port) : PortInUse(port, options.ReuseAddress))
        {
            Sender.Tell(face.Refused(bind, TcpError.Eaddrinuse), Self);
            return;
        }
        var listening = new TcpListener.Listening(bind.Handler, port, bind.Backlog, options, bind.PullMode, face);
        var listener = Context.Watch(Context.ActorOf(TcpListener.Props(output, ipv6, Self, counters, settings, cookies, listening), $"listen-{port}-{++sequence}"));
        listeners[port] = (listener, address);
        // An IPv4 wildcard names the first address, as before; :: stays ::, as getsockname(2) shows it.
        var bound = !address.IsIpv4 || !address.IsUnspecified ? address : addresses.Count > 0 ? addresses[0].Address : Ipv4Address.Any;
        Sender.Tell(new IoTcp.Bound(EndPoints.From(bound, port)), listener);
    }

    /// <summary>inet(3) {reuseaddr, Boolean}: "Allows or disallows local reuse of port numbers. By default, reuse is
    /// disallowed." As on Linux (inet_csk_bind_conflict; probed on Debian 12): a port is taken while any socket holds it;
    /// a socket with SO_REUSEADDR may share it only with connections that have it too, whatever their state (TIME-WAIT
    /// or ESTABLISHED alike), and never with a listener.</summary>
    private bool PortInUse(ushort port, bool reuseAddress)
    {
        if (listeners.ContainsKey(port))
            return true;
        foreach (var (id, connection) in connections)
            if (id.LocalPort == port && !(reuseAddress && reusable.Contains(connection)))
                return true;
        return false;
    }

    /// <summary>RFC 6056 3.3.1's Algorithm 1, with a random start: the first ephemeral port that is <paramref name="free"/>.</summary>
    private bool TryEphemeral(Func<ushort, bool> free, out ushort port)
    {
        var span = settings.EphemeralHigh - settings.EphemeralLow + 1;
        for (var i = 0; i < span; i++)
        {
            var candidate = (ushort)(settings.EphemeralLow + (nextEphemeral - settings.EphemeralLow + i) % span);
            if (free(candidate))
            {
                nextEphemeral = candidate + 1;
                port = candidate;
                return true;
            }
        }
        port = 0;
        return false;
    }

    private void Forget(IActorRef actor)
    {
        if (ids.Remove(actor, out var id))
            connections.TryRemove(id, out _);
        reusable.Remove(actor);
        foreach (var (port, listener) in listeners)
            if (listener.Actor.Equals(actor))
            {
                listeners.Remove(port);
                break;
            }
    }
}
