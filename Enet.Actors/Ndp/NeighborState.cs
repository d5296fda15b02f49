namespace Enet.Actors.Ndp;

/// <summary>The reachability states of a neighbour cache entry (RFC 4861 7.3.2), as `ip -6 neigh` names them.</summary>
public enum NeighborState
{
    /// <summary>Resolution in progress: a solicitation was multicast and no advertisement has come back.</summary>
    Incomplete,

    /// <summary>Positively confirmed within the last ReachableTime.</summary>
    Reachable,

    /// <summary>Not confirmed lately; nothing is done until a packet is sent.</summary>
    Stale,

    /// <summary>A packet was sent to a stale entry; waiting DELAY_FIRST_PROBE_TIME for an upper-layer hint before probing.</summary>
    Delay,

    /// <summary>Unicast solicitations every RetransTimer until an advertisement or MAX_UNICAST_SOLICIT.</summary>
    Probe,
}
