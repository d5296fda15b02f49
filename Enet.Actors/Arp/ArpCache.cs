using Enet.Actors.FrameBus;
using Enet.Actors.Interface;
using Enet.Codecs;
using Akka.Actor;
using Akka.Event;

namespace Enet.Actors.Arp;

/// <summary>
/// ARP for one interface (ENet's enet_arp_responder and enet_arp_cache in one actor): answers requests for
/// published addresses, announces its own, resolves neighbours with retries and a timeout while a bounded
/// queue holds the packets waiting for them, and ages a bounded table. Follows RFC 826's packet reception
/// algorithm, except that it never learns a mapping nobody asked for: a reply or a gratuitous ARP only
/// refreshes an entry we already have or are resolving, so an unsolicited reply cannot poison the cache.
/// </summary>
public sealed class ArpCache : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly IActorRef iface;
    private readonly MacAddress interfaceMac;
    private readonly ArpSettings settings;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private readonly Dictionary<Ipv4Address, Arp.Entry> entries = [];
    private readonly Dictionary<Ipv4Address, Resolution> resolving = [];
    private readonly Dictionary<Ipv4Address, Arp.Publish> published = [];
    private readonly IReadOnlyList<Arp.Publish> initial;
    private readonly Neighbours neighbours;
    private readonly Dictionary<Ipv4Address, ConflictLog> conflictLogs = [];
    private long droppedPackets;
    private long conflicts;

    public ArpCache(IActorRef iface, MacAddress interfaceMac, ArpSettings settings, IReadOnlyList<Arp.Publish>? publications,
        Neighbours neighbours)
    {
        this.iface = iface;
        this.interfaceMac = interfaceMac;
        this.settings = settings;
        this.neighbours = neighbours;
        neighbours.Clear();
        initial = publications ?? [];
        Ready();
    }

    /// <summary><paramref name="neighbours"/>: where the resolved entries are mirrored for the IPv4 layer to read.</summary>
    public static Props Props(IActorRef iface, MacAddress interfaceMac, ArpSettings? settings = null, IReadOnlyList<Arp.Publish>? publications = null,
        Neighbours? neighbours = null)
    {
        var shown = neighbours ?? new Neighbours();
        return ActorProps.Create(() => new ArpCache(iface, interfaceMac, settings ?? ArpSettings.Default, publications, shown));
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        iface.Tell(new Eth.Subscribe(FrameClassifier.ByEtherType(EtherType.Arp), settings.QueueCapacity), Self);
        Timers.StartPeriodicTimer(AgeingTick.Instance, AgeingTick.Instance, settings.AgeingInterval);
        foreach (var publication in initial)
            Publish(publication);
    }

    private void Ready()
    {
        Receive<Eth.Subscribed>(_ => { });
        Receive<FramesReady>(ready => ready.Subscription.Drain(OnFrame));
        Receive<Arp.Publish>(p =>
        {
            Publish(p);
            Sender.Tell(new Arp.Published(p.Address), Self);
        });
        Receive<Arp.Unpublish>(u =>
        {
            published.Remove(u.Address);
            conflictLogs.Remove(u.Address);
        });
        Receive<Arp.Resolve>(r => Resolve(r.Address, Sender));
        Receive<Arp.Transmit>(Transmit);
        Receive<Arp.GetTable>(_ => Sender.Tell(new Arp.Table([.. entries.Values.OrderBy(e => e.Address)],
            [.. resolving.Keys.Order()], [.. published.Values], droppedPackets, conflicts), Self));
        Receive<RetryTick>(t => Retry(t.Address));
        Receive<Announce>(a => Announcement(a.Publication, a.Remaining));
        Receive<AgeingTick>(_ => Age());
    }

    private void Publish(Arp.Publish publication)
    {
        published[publication.Address] = publication;
        if (!publication.Proxy && settings.AnnounceCount > 0)
            Announcement(publication, settings.AnnounceCount);
    }

    /// <summary>RFC 5227 2.3: an announcement is a request with our address as both sender and target, so every
    /// host that already had us in its cache updates it (RFC 826's merge step).</summary>
    private void Announcement(Arp.Publish publication, int remaining)
    {
        if (!published.TryGetValue(publication.Address, out var current) || current != publication)
            return;
        // Timers first: whoever sees the frame may move (virtual) time on at once.
        if (remaining > 1)
            Timers.StartSingleTimer(new Announce(publication, 0), new Announce(publication, remaining - 1), settings.AnnounceInterval);
        Send(MacAddress.Broadcast, ArpMessage.Gratuitous(publication.Mac, publication.Address));
    }

    private void OnFrame(BusFrame frame)
    {
        if (!ArpPacket.TryParse(frame.Network, out var packet, out var error))
        {
            log.Debug("{Interface}: ignoring ARP that does not decode: {Error}", frame.Interface, error);
            return;
        }
        var senderIp = packet.SenderProtocolAddress;
        var senderMac = packet.SenderHardwareAddress;
        var targetIp = packet.TargetProtocolAddress;
        if (published.TryGetValue(senderIp, out var ours) && !ours.Proxy && senderMac != ours.Mac)
        {
            // RFC 5227 2.4: someone else claims our address; never learn it, and let the operator know.
            Conflict(frame.Interface, senderMac, senderIp);
            return;
        }
        // RFC 826: update the sender's entry if we have it ("merge"); RFC 5227 2.1.1: a probe (sender 0.0.0.0) teaches nothing.
        var merged = senderIp != Ipv4Address.Any && Learn(senderIp, senderMac, onlyExisting: true);
        if (!published.TryGetValue(targetIp, out var target) || senderIp == targetIp)
            return;
        // RFC 826: we are the target, so the sender is about to talk to us: add it even if we never asked.
        if (!merged && senderIp != Ipv4Address.Any && packet.Operation == ArpOperation.Request)
            Learn(senderIp, senderMac, onlyExisting: false);
        if (packet.Operation == ArpOperation.Request)
            Send(senderMac, ArpMessage.Reply(target.Mac, targetIp, senderMac, senderIp));
    }

    /// <summary>Counts a claim to our <paramref name="address"/> and logs at most one line per address per
    /// ConflictLogInterval: a flood of gratuitous ARP must not become a flood of log lines. The line says how many
    /// claims went unlogged since the last one.</summary>
    private void Conflict(string iface, MacAddress mac, Ipv4Address address)
    {
        conflicts++;
        var now = Now;
        if (conflictLogs.TryGetValue(address, out var last) && now - last.Logged < settings.ConflictLogInterval)
        {
            conflictLogs[address] = last with { Unlogged = last.Unlogged + 1 };
            return;
        }
        log.Warning("{Interface}: address conflict, {Mac} claims {Address} ({Unlogged} more claims to it not logged since the last line)",
            iface, mac, address, last?.Unlogged ?? 0);
        conflictLogs[address] = new ConflictLog(now, 0);
    }

    /// <summary>Records <paramref name="mac"/> for <paramref name="address"/>; with <paramref name="onlyExisting"/>
    /// only when we have an entry or are resolving it. Completes a resolution. False when nothing was learnt.</summary>
    private bool Learn(Ipv4Address address, MacAddress mac, bool onlyExisting)
    {
        var pending = resolving.Remove(address, out var resolution);
        if (onlyExisting && !pending && !entries.ContainsKey(address))
            return false;
        if (!entries.ContainsKey(address) && entries.Count >= settings.MaxEntries)
            Forget(entries.Values.MinBy(e => e.Confirmed)!.Address);
        entries[address] = new Arp.Entry(address, mac, Now);
        if (resolution is not null)
        {
            Timers.Cancel(new RetryTick(address));
            foreach (var waiter in resolution.Waiters)
                waiter.Tell(new Arp.Resolved(address, mac), Self);
            foreach (var (etherType, payload) in resolution.Packets)
                iface.Tell(new Eth.Transmit(mac, etherType, payload), Self);
        }
        // Shown only after the waiting packets went to the interface, so none is overtaken by a later one sent direct.
        neighbours.Set(address, mac);
        return true;
    }

    private void Resolve(Ipv4Address address, IActorRef requester)
    {
        if (entries.TryGetValue(address, out var entry))
            requester.Tell(new Arp.Resolved(address, entry.Mac), Self);
        else if (Resolving(address) is { } resolution)
            resolution.Waiters.Add(requester);
        else
            requester.Tell(new Arp.ResolveFailed(address), Self);
    }

    private void Transmit(Arp.Transmit transmit)
    {
        if (entries.TryGetValue(transmit.NextHop, out var entry))
        {
            iface.Tell(new Eth.Transmit(entry.Mac, transmit.EtherType, transmit.Payload) { Headroom = transmit.Headroom, Pooled = transmit.Pooled }, Self);
            return;
        }
        if (Resolving(transmit.NextHop) is not { } resolution)
        {
            droppedPackets++;
            return;
        }
        // RFC 1122 2.3.2.2: keep the latest packets; the oldest goes when the queue is full.
        if (resolution.Packets.Count >= settings.MaxPendingPackets)
        {
            resolution.Packets.Dequeue();
            droppedPackets++;
        }
        if (settings.MaxPendingPackets > 0)
            resolution.Packets.Enqueue((transmit.EtherType, transmit.Payload));
        else
            droppedPackets++;
    }

    /// <summary>The resolution under way for <paramref name="address"/>, started if need be; null when too many are.</summary>
    private Resolution? Resolving(Ipv4Address address)
    {
        if (resolving.TryGetValue(address, out var resolution))
            return resolution;
        if (resolving.Count >= settings.MaxResolving)
            return null;
        resolution = new Resolution();
        resolving[address] = resolution;
        Request(address);
        return resolution;
    }

    private void Retry(Ipv4Address address)
    {
        if (!resolving.TryGetValue(address, out var resolution))
            return;
        if (++resolution.Attempts < settings.MaxAttempts)
        {
            Request(address);
            return;
        }
        resolving.Remove(address);
        droppedPackets += resolution.Packets.Count;
        log.Debug("no ARP reply from {Address} after {Attempts} requests", address, resolution.Attempts);
        foreach (var waiter in resolution.Waiters)
            waiter.Tell(new Arp.ResolveFailed(address), Self);
    }

    private void Request(Ipv4Address address)
    {
        // Our first own address speaks for us; with none yet, ask as a probe would (RFC 5227 2.1.1, sender 0.0.0.0).
        var sender = published.Values.FirstOrDefault(p => !p.Proxy);
        Timers.StartSingleTimer(new RetryTick(address), new RetryTick(address), settings.RetryInterval);
        Send(MacAddress.Broadcast, ArpMessage.Request(sender?.Mac ?? interfaceMac, sender?.Address ?? Ipv4Address.Any, address));
    }

    private void Age()
    {
        var now = Now;
        foreach (var expired in entries.Values.Where(e => now - e.Confirmed > settings.EntryLifetime).ToList())
            Forget(expired.Address);
    }

    private void Forget(Ipv4Address address)
    {
        entries.Remove(address);
        neighbours.Remove(address);
    }

    private void Send(MacAddress destination, ArpMessage message)
    {
        var payload = new byte[message.Length];
        message.Emit(payload);
        iface.Tell(new Eth.Transmit(destination, EtherType.Arp, payload), Self);
    }

    private sealed class Resolution
    {
        public int Attempts { get; set; }

        public List<IActorRef> Waiters { get; } = [];

        public Queue<(EtherType EtherType, Bytes Payload)> Packets { get; } = new();
    }

    private sealed record ConflictLog(DateTimeOffset Logged, long Unlogged);

    private sealed record RetryTick(Ipv4Address Address);

    private sealed record Announce(Arp.Publish Publication, int Remaining);

    private sealed record AgeingTick
    {
        public static AgeingTick Instance { get; } = new();
    }
}
