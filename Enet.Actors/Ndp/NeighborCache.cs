using Enet.Codecs;

namespace Enet.Actors.Ndp;

/// <summary>
/// The neighbour cache of one interface (RFC 4861 5.1) and its reachability state machine (RFC 4861 7.3,
/// appendix C). A plain object owned by the IPv6 layer actor, which runs it on its own turn, hands it the
/// clock and fires its timers; so the send path costs a dictionary lookup, not a message. Bounded: at most
/// <see cref="NdpSettings.MaxEntries"/> entries, <see cref="NdpSettings.MaxPendingPackets"/> waiting per address.
/// </summary>
public sealed class NeighborCache
{
    private readonly NdpSettings settings;
    private readonly INeighborCacheOutput output;
    private readonly Random random;
    private readonly Dictionary<Ipv6Address, Entry> entries = [];

    public NeighborCache(NdpSettings settings, INeighborCacheOutput output, Random? random = null)
    {
        this.settings = settings;
        this.output = output;
        this.random = random ?? Random.Shared;
    }

    public int Count => entries.Count;

    /// <summary>Packets dropped: queue overflow, failed resolution, an evicted INCOMPLETE entry, or a full table.</summary>
    public long DroppedPackets { get; private set; }

    public IReadOnlyList<Neighbor> Entries =>
        [.. entries.Values.OrderBy(e => e.Address.Value).Select(e => new Neighbor(e.Address, e.State == NeighborState.Incomplete ? null : e.Mac,
            e.State, e.IsRouter, e.Pending?.Count ?? 0))];

    public NeighborState? StateOf(Ipv6Address address) => entries.TryGetValue(address, out var entry) ? entry.State : null;

    /// <summary>The hot-path lookup: the link address of a neighbour whose entry has one, without changing state.</summary>
    public bool TryGetLinkAddress(Ipv6Address address, out MacAddress mac)
    {
        if (entries.TryGetValue(address, out var entry) && entry.State != NeighborState.Incomplete)
        {
            mac = entry.Mac;
            return true;
        }
        mac = default;
        return false;
    }

    /// <summary>Sends <paramref name="packet"/> to the on-link neighbour <paramref name="address"/> (RFC 4861 7.2.2, 7.3.3).</summary>
    public void Send(Ipv6Address address, Bytes packet, DateTimeOffset now)
    {
        if (entries.TryGetValue(address, out var entry))
        {
            entry.LastUsed = now;
            if (entry.State == NeighborState.Incomplete)
            {
                Enqueue(entry, packet);
                return;
            }
            // RFC 4861 7.3.3: the first packet to a STALE neighbour moves it to DELAY, and probing starts
            // DELAY_FIRST_PROBE_TIME later unless a confirmation comes first.
            if (entry.State == NeighborState.Stale)
                Enter(entry, NeighborState.Delay, settings.DelayFirstProbeTime);
            output.Transmit(entry.Mac, packet);
            return;
        }
        // RFC 4861 7.2.2: create an INCOMPLETE entry, queue the packet and multicast a solicitation.
        entry = Create(address, now);
        if (entry is null)
        {
            DroppedPackets++;
            return;
        }
        Enqueue(entry, packet);
        entry.Probes = 1;
        Enter(entry, NeighborState.Incomplete, settings.RetransTimer);
        output.Solicit(address, null);
    }

    /// <summary>The timer last armed for <paramref name="address"/> fired. Each state that needs a timer arms
    /// it on entry, replacing the one before, so a timer is always the current state's.</summary>
    public void OnTimer(Ipv6Address address)
    {
        if (!entries.TryGetValue(address, out var entry))
            return;
        switch (entry.State)
        {
            case NeighborState.Incomplete when entry.Probes < settings.MaxMulticastSolicit:
                entry.Probes++;
                Enter(entry, NeighborState.Incomplete, settings.RetransTimer);
                output.Solicit(address, null);
                break;
            case NeighborState.Incomplete:
                // RFC 4861 7.2.2: after MAX_MULTICAST_SOLICIT the entry goes and its queued packets with it.
                entries.Remove(address);
                var dropped = entry.Pending is { } pending ? pending.ToList() : [];
                DroppedPackets += dropped.Count;
                output.Unreachable(address, dropped);
                break;
            case NeighborState.Reachable:
                // RFC 4861 7.3.3: ReachableTime passed without a confirmation.
                entry.State = NeighborState.Stale;
                break;
            case NeighborState.Delay:
                // RFC 4861 7.3.3: still unconfirmed after DELAY_FIRST_PROBE_TIME: probe with unicast solicitations.
                entry.Probes = 1;
                Enter(entry, NeighborState.Probe, settings.RetransTimer);
                output.Solicit(address, entry.Mac);
                break;
            case NeighborState.Probe when entry.Probes < settings.MaxUnicastSolicit:
                entry.Probes++;
                Enter(entry, NeighborState.Probe, settings.RetransTimer);
                output.Solicit(address, entry.Mac);
                break;
            case NeighborState.Probe:
                // RFC 4861 7.3.3: MAX_UNICAST_SOLICIT probes unanswered: the entry is deleted.
                entries.Remove(address);
                break;
        }
    }

    /// <summary>A neighbour solicitation (or router solicitation/advertisement, or redirect) from <paramref name="source"/>
    /// carrying its link-layer address (RFC 4861 7.2.3): create or update the entry as STALE when the address is new.</summary>
    public void OnSourceLinkAddress(Ipv6Address source, MacAddress mac, DateTimeOffset now)
    {
        if (entries.TryGetValue(source, out var entry))
        {
            if (entry.State != NeighborState.Incomplete && entry.Mac == mac)
                return;
            entry.Mac = mac;
            entry.State = NeighborState.Stale;
            Flush(entry);
            return;
        }
        entry = Create(source, now);
        if (entry is null)
            return;
        entry.Mac = mac;
        entry.State = NeighborState.Stale;
    }

    /// <summary>A neighbour advertisement for <paramref name="target"/> (RFC 4861 7.2.5).</summary>
    public void OnAdvertisement(Ipv6Address target, MacAddress? targetMac, NeighborAdvertisementFlags flags)
    {
        // RFC 4861 7.2.5: an advertisement for an address we have no entry for is silently discarded.
        if (!entries.TryGetValue(target, out var entry))
            return;
        var solicited = flags.HasFlag(NeighborAdvertisementFlags.Solicited);
        var @override = flags.HasFlag(NeighborAdvertisementFlags.Override);
        if (entry.State == NeighborState.Incomplete)
        {
            // Without a target link-layer address an advertisement cannot complete resolution on Ethernet.
            if (targetMac is not { } mac)
                return;
            entry.Mac = mac;
            entry.IsRouter = flags.HasFlag(NeighborAdvertisementFlags.Router);
            if (solicited)
                Enter(entry, NeighborState.Reachable, ReachableTime());
            else
                entry.State = NeighborState.Stale;
            Flush(entry);
            return;
        }
        var differs = targetMac is { } advertised && advertised != entry.Mac;
        if (!@override && differs)
        {
            // A different address without Override does not replace ours; it only casts doubt on a REACHABLE entry.
            if (entry.State == NeighborState.Reachable)
                entry.State = NeighborState.Stale;
            return;
        }
        if (targetMac is { } newMac)
            entry.Mac = newMac;
        if (solicited)
            Enter(entry, NeighborState.Reachable, ReachableTime());
        else if (differs)
            entry.State = NeighborState.Stale;
        entry.IsRouter = flags.HasFlag(NeighborAdvertisementFlags.Router);
    }

    private void Enter(Entry entry, NeighborState state, TimeSpan timer)
    {
        entry.State = state;
        output.ArmTimer(entry.Address, timer);
    }

    /// <summary>RFC 4861 6.3.2: a uniformly distributed random value between 0.5 and 1.5 times BaseReachableTime.</summary>
    private TimeSpan ReachableTime() => settings.BaseReachableTime * (0.5 + random.NextDouble());

    private Entry? Create(Ipv6Address address, DateTimeOffset now)
    {
        if (entries.Count >= settings.MaxEntries && !Evict())
            return null;
        var entry = new Entry(address) { LastUsed = now };
        entries[address] = entry;
        return entry;
    }

    /// <summary>Makes room by dropping the least recently used entry; false when the table has no room to give.</summary>
    private bool Evict()
    {
        if (settings.MaxEntries < 1 || entries.Count == 0)
            return false;
        var victim = entries.Values.MinBy(e => e.LastUsed)!;
        entries.Remove(victim.Address);
        DroppedPackets += victim.Pending?.Count ?? 0;
        return true;
    }

    private void Enqueue(Entry entry, Bytes packet)
    {
        if (settings.MaxPendingPackets < 1)
        {
            DroppedPackets++;
            return;
        }
        entry.Pending ??= new Queue<Bytes>();
        if (entry.Pending.Count >= settings.MaxPendingPackets)
        {
            entry.Pending.Dequeue();
            DroppedPackets++;
        }
        entry.Pending.Enqueue(packet);
    }

    private void Flush(Entry entry)
    {
        if (entry.Pending is not { } pending)
            return;
        entry.Pending = null;
        foreach (var packet in pending)
            output.Transmit(entry.Mac, packet);
    }

    private sealed class Entry(Ipv6Address address)
    {
        public Ipv6Address Address { get; } = address;
        public MacAddress Mac { get; set; }
        public NeighborState State { get; set; }
        public bool IsRouter { get; set; }
        public int Probes { get; set; }
        public DateTimeOffset LastUsed { get; set; }
        public Queue<Bytes>? Pending { get; set; }
    }
}
