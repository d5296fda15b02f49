using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Udp;

/// <summary>
/// One UDP socket with gen_udp's semantics (inet(3), gen_udp(3)): in an active mode it hands datagrams to its
/// owner as <see cref="Udp.Datagram"/>, at most read_packets per turn; passive, it queues them (recbuf bytes at
/// most, further ones dropped and counted) for <see cref="Udp.Recv"/>. It sends straight to the IPv4 layer,
/// watches its owner and closes when the owner stops. Its two behaviours are <see cref="Active"/> and
/// <see cref="Passive"/>.
/// </summary>
internal sealed class UdpSocketActor : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Largest payload: 65535 less the IPv4 and UDP headers; larger sends are emsgsize.</summary>
    public const int MaxPayload = 65535 - 20 - UdpPacket.HeaderLength;

    private readonly Endpoint endpoint;
    private readonly IActorRef owner;
    private readonly UdpSettings settings;
    private readonly SocketCounters counters = new();
    private readonly Queue<Inbound> queue = new();
    private readonly Queue<(IActorRef Caller, Udp.Recv Recv, long Id)> waiting = new();
    private UdpSocketOptions options;
    private int queuedBytes;
    private long drops;
    private long recvSequence;
    private bool continueQueued;

    public UdpSocketActor(Endpoint endpoint, IActorRef owner, UdpSocketOptions options, UdpSettings settings)
    {
        this.endpoint = endpoint;
        this.owner = owner;
        this.options = options;
        this.settings = settings;
        if (options.Active.Kind == ActiveModeKind.False)
            Become(Passive);
        else
            Become(Active);
    }

    public static Props Props(Endpoint endpoint, IActorRef owner, UdpSocketOptions options, UdpSettings settings) =>
        ActorProps.Create(() => new UdpSocketActor(endpoint, owner, options, settings));

    protected override void PreStart() => Context.Watch(owner);

    private void Active()
    {
        Common();
        Receive<Inbound>(inbound =>
        {
            if (Enqueue(inbound))
                Deliver();
        });
        Receive<ContinueDelivery>(_ =>
        {
            continueQueued = false;
            Deliver();
        });
        Receive<Udp.Recv>(recv => Sender.Tell(new Udp.Error(recv, Posix.Einval), Self));
    }

    private void Passive()
    {
        Common();
        Receive<Inbound>(inbound =>
        {
            if (waiting.TryDequeue(out var caller))
            {
                Timers.Cancel(new RecvTimeout(caller.Id));
                Answer(caller.Caller, inbound);
            }
            else
                Enqueue(inbound);
        });
        Receive<ContinueDelivery>(_ => continueQueued = false);
        Receive<Udp.Recv>(recv =>
        {
            if (queue.TryDequeue(out var inbound))
            {
                queuedBytes -= inbound.Data.Length;
                Answer(Sender, inbound);
                return;
            }
            if (waiting.Count >= settings.MaxPendingRecvs)
            {
                Sender.Tell(new Udp.Error(recv, Posix.Enobufs), Self);
                return;
            }
            var id = ++recvSequence;
            waiting.Enqueue((Sender, recv, id));
            if (recv.Timeout is { } timeout && timeout != Timeout.InfiniteTimeSpan)
                Timers.StartSingleTimer(new RecvTimeout(id), new RecvTimeout(id), timeout);
        });
        Receive<RecvTimeout>(t =>
        {
            // Only the timed-out caller leaves; the others keep their places.
            var kept = waiting.Where(w => w.Id != t.Id).ToList();
            foreach (var w in waiting.Where(w => w.Id == t.Id))
                w.Caller.Tell(new Udp.Error(w.Recv, Posix.Timeout), Self);
            waiting.Clear();
            foreach (var w in kept)
                waiting.Enqueue(w);
        });
    }

    private void Common()
    {
        Receive<Udp.Send>(Send);
        Receive<Udp.SetOpts>(SetOpts);
        Receive<Udp.GetOpts>(get =>
        {
            if (get.Names.FirstOrDefault(n => !InetOption.Known.Contains(n)) is not null)
                Sender.Tell(new Udp.Error(get, Posix.Einval), Self);
            else
                Sender.Tell(new Udp.Opts([.. get.Names.Where(UdpSocketOptions.Supported.Contains).Select(n => new InetOption(n, options.Get(n)))]), Self);
        });
        Receive<Udp.GetStat>(get => Sender.Tell(new Udp.Stat(counters.Snapshot(get.Stats)), Self));
        Receive<Udp.SockName>(_ => Sender.Tell(new Udp.Name(endpoint.Address, endpoint.Port), Self));
        Receive<Udp.PeerName>(get => Sender.Tell(new Udp.Error(get, Posix.Enotconn), Self));
        Receive<Udp.GetPort>(_ => Sender.Tell(new Udp.PortNumber(endpoint.Port), Self));
        Receive<Udp.GetSocketInfo>(_ => Sender.Tell(new Udp.SocketInfo(endpoint.Address, endpoint.Port, owner, options.Active, queue.Count, queuedBytes, drops), Self));
        Receive<Udp.Close>(_ => Close(Sender));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(owner))
                Close(ActorRefs.Nobody);
        });
    }

    /// <summary>The port is released by the layer before the caller hears ok, so an Open right after a Close finds it free.</summary>
    private void Close(IActorRef replyTo)
    {
        foreach (var w in waiting)
            w.Caller.Tell(new Udp.Error(w.Recv, Posix.Closed), Self);
        waiting.Clear();
        endpoint.Layer.Tell(new Release(Self, replyTo), Self);
        Context.Stop(Self);
    }

    /// <summary>Queues a datagram unless recbuf is full; a lone datagram is always taken, so a recbuf smaller than
    /// one datagram still lets datagrams through one at a time (Linux's rule: drop only once the buffer is exceeded).</summary>
    private bool Enqueue(Inbound inbound)
    {
        if (queue.Count > 0 && queuedBytes + inbound.Data.Length > options.RecBuf)
        {
            drops++;
            UdpCounters.Increment(ref endpoint.Counters.RcvbufErrors);
            return false;
        }
        queue.Enqueue(inbound);
        queuedBytes += inbound.Data.Length;
        return true;
    }

    /// <summary>Hands queued datagrams to the owner while the socket stays active, read_packets per turn; the rest
    /// wait for a <see cref="ContinueDelivery"/> behind the messages already in the mailbox.</summary>
    private void Deliver()
    {
        for (var delivered = 0; queue.Count > 0 && options.Active.Kind != ActiveModeKind.False; delivered++)
        {
            if (delivered == options.ReadPackets)
            {
                if (!continueQueued)
                {
                    continueQueued = true;
                    Self.Tell(ContinueDelivery.Instance, Self);
                }
                return;
            }
            var inbound = queue.Dequeue();
            queuedBytes -= inbound.Data.Length;
            counters.CountReceived(inbound.Data.Length);
            owner.Tell(new Udp.Datagram(Self, inbound.Source, inbound.SourcePort, inbound.Data), Self);
            switch (options.Active.Kind)
            {
                case ActiveModeKind.Once:
                    SetActive(ActiveMode.False, passiveMessage: false);
                    break;
                case ActiveModeKind.Count:
                    SetActive(options.Active.N > 1 ? ActiveMode.Count(options.Active.N - 1) : ActiveMode.False, passiveMessage: options.Active.N <= 1);
                    break;
            }
        }
    }

    private void Answer(IActorRef caller, Inbound inbound)
    {
        counters.CountReceived(inbound.Data.Length);
        caller.Tell(new Udp.Received(inbound.Source, inbound.SourcePort, inbound.Data), Self);
    }

    private void SetOpts(Udp.SetOpts set)
    {
        var result = options.Apply(set.Options);
        if (!result.IsOk)
        {
            Sender.Tell(new Udp.Error(set, Posix.Einval), Self);
            return;
        }
        // inet_drv sends {udp_passive, S} whenever {active, N} leaves the counter at 0, even on a socket that was
        // already passive (probed on OTP 25).
        var counted = set.Options.Any(o => o.Name == "active" && o.Value is ActiveMode { Kind: ActiveModeKind.Count });
        options = result.Value with { Active = options.Active };
        Sender.Tell(Udp.Ok.Instance, Self);
        SetActive(result.Value.Active, passiveMessage: counted && result.Value.Active.Kind == ActiveModeKind.False);
        if (options.Active.Kind != ActiveModeKind.False)
            Deliver();
    }

    private void SetActive(ActiveMode mode, bool passiveMessage)
    {
        var wasPassive = options.Active.Kind == ActiveModeKind.False;
        options = options with { Active = mode };
        if (passiveMessage)
            owner.Tell(new Udp.Passive(Self), Self);
        var isPassive = mode.Kind == ActiveModeKind.False;
        if (isPassive && !wasPassive)
            Become(Passive);
        else if (!isPassive && wasPassive)
        {
            // Recv callers of a socket turned active get einval, as a recv on an active socket would.
            foreach (var w in waiting)
                w.Caller.Tell(new Udp.Error(w.Recv, Posix.Einval), Self);
            waiting.Clear();
            Become(Active);
        }
    }

    private void Send(Udp.Send send)
    {
        var reason = Check(send);
        if (reason is { } error)
        {
            Sender.Tell(new Udp.Error(send, error), Self);
            return;
        }
        var bytes = new byte[UdpPacket.HeaderLength + send.Data.Length];
        var datagram = new UdpDatagram(endpoint.Port, send.Port, null, null, send.Data);
        if (send.Address.IsIpv4)
        {
            var destination = send.Address.Ipv4;
            var source = endpoint.Address.IsUnspecified ? endpoint.SourceFor(destination) : endpoint.Address.Ipv4;
            datagram.Emit(bytes, InternetChecksum.PseudoHeader(source, destination, IpProtocol.Udp, bytes.Length));
            endpoint.Ipv4.Tell(new Ipv4.Send(source, destination, IpProtocol.Udp, bytes, options.Ttl), Self);
        }
        else
        {
            // RFC 8200 8.1: the checksum covers the source the IPv6 layer picks for a wildcard socket, so the layer
            // writes it (RFC 3542 3.1's IPV6_CHECKSUM); the field is emitted as zero for it to fill.
            datagram.Emit(bytes, 0);
            bytes[6] = bytes[7] = 0;
            var source = endpoint.Address.IsUnspecified ? Ipv6Address.Unspecified : endpoint.Address.Ipv6;
            endpoint.Ipv6!.Tell(new Ipv6.Send(source, send.Address.Ipv6, IpProtocol.Udp, bytes, options.Ttl, ChecksumOffset: 6), Self);
        }
        counters.CountSent(send.Data.Length);
        UdpCounters.Increment(ref endpoint.Counters.OutDatagrams);
        if (send.Ack)
            Sender.Tell(Udp.Ok.Instance, Self);
    }

    /// <summary>gen_udp:send's refusals: einval for port 0, emsgsize beyond 65507 bytes, eafnosupport for a family
    /// the socket is not, eacces for a broadcast destination without {broadcast, true} (SO_BROADCAST, as Linux).</summary>
    private Posix? Check(Udp.Send send) =>
        send.Port == 0 ? Posix.Einval
        : send.Data.Length > MaxPayload ? Posix.Emsgsize
        : send.Address.Family != endpoint.Address.Family ? Posix.Eafnosupport
        : send.Address.IsIpv4 && !options.Broadcast && endpoint.IsBroadcast(send.Address.Ipv4) ? Posix.Eacces
        : null;

    /// <summary>Where a socket lives: the IPv4 layer it sends to, its UDP layer, the interface's addresses, the layer's
    /// counters, and its binding.</summary>
    internal sealed record Endpoint(IActorRef Ipv4, IActorRef Layer, IReadOnlyList<Ipv4Cidr> Addresses, UdpCounters Counters,
        InetAddress Address, ushort Port)
    {
        /// <summary>The IPv6 layer an inet6 socket sends through; null when the interface has none.</summary>
        public IActorRef? Ipv6 { get; init; }

        /// <summary>RFC 1122 3.3.4.3: a wildcard socket sends from the address on the destination's subnet, else the first.
        /// The UDP checksum covers the source, so it is picked here, not left to IP.</summary>
        public Ipv4Address SourceFor(Ipv4Address destination) =>
            Addresses.FirstOrDefault(a => a.Contains(destination)) is { } onLink && onLink != default ? onLink.Address
            : Addresses.Count > 0 ? Addresses[0].Address : Ipv4Address.Any;

        public bool IsBroadcast(Ipv4Address destination) =>
            destination == Ipv4Address.Broadcast || Addresses.Any(a => a.PrefixLength < 31 && a.Broadcast == destination);
    }

    /// <summary>A datagram for this socket, its payload a slice of the IP layer's copy.</summary>
    internal sealed record Inbound(InetAddress Source, ushort SourcePort, Bytes Data);

    /// <summary>To the layer: free my binding, then tell <paramref name="ReplyTo"/> ok.</summary>
    internal sealed record Release(IActorRef Socket, IActorRef ReplyTo);

    private sealed record ContinueDelivery
    {
        public static ContinueDelivery Instance { get; } = new();
    }

    private sealed record RecvTimeout(long Id);
}
