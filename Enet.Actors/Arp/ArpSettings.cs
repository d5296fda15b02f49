namespace Enet.Actors.Arp;

/// <summary>The ARP cache's bounds and timers; the defaults follow RFC 1122 2.3.2 and RFC 5227.</summary>
public sealed record ArpSettings
{
    public static ArpSettings Default { get; } = new();

    /// <summary>Requests for one address are at most one per second (RFC 1122 2.3.2.1, "flood" prevention).</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests sent for one address before resolution fails.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Packets kept per unresolved address; RFC 1122 2.3.2.2 asks for at least one, the latest. 16, as
    /// reference.conf's max-pending-per-address says: a datagram fragmented to the MTU reaches ARP as several
    /// packets at once (an 8000-byte ping is 6), and with 3 the first one to a new neighbour always lost
    /// fragments (Linux replaced its 3-packet unres_qlen with a 64 KiB unres_qlen_bytes for the same reason).</summary>
    public int MaxPendingPackets { get; init; } = 16;

    /// <summary>Addresses being resolved at once.</summary>
    public int MaxResolving { get; init; } = 256;

    /// <summary>Entries in the table; the least recently confirmed goes first when it is full.</summary>
    public int MaxEntries { get; init; } = 1024;

    /// <summary>How long an entry lives without being confirmed (RFC 1122 2.3.2.1 asks for a timeout).</summary>
    public TimeSpan EntryLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often expired entries are swept.</summary>
    public TimeSpan AgeingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Announcements sent when an address is published (RFC 5227 2.3: ANNOUNCE_NUM).</summary>
    public int AnnounceCount { get; init; } = 2;

    /// <summary>RFC 5227 2.3: ANNOUNCE_INTERVAL.</summary>
    public TimeSpan AnnounceInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>At most one address-conflict log line per own address within this time (RFC 5227 2.4's
    /// DEFEND_INTERVAL); the claims in between are counted.</summary>
    public TimeSpan ConflictLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>ARP frames the cache may have queued on the bus before they are dropped.</summary>
    public int QueueCapacity { get; init; } = 256;
}
