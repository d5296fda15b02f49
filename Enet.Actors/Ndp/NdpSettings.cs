namespace Enet.Actors.Ndp;

/// <summary>Neighbour discovery timers and bounds; the defaults are RFC 4861 10's protocol constants and RFC 4862 5.1's.</summary>
public sealed record NdpSettings
{
    public static NdpSettings Default { get; } = new();

    /// <summary>MAX_MULTICAST_SOLICIT: solicitations sent while INCOMPLETE before the address is unreachable.</summary>
    public int MaxMulticastSolicit { get; init; } = 3;

    /// <summary>MAX_UNICAST_SOLICIT: probes sent in PROBE before the entry is deleted.</summary>
    public int MaxUnicastSolicit { get; init; } = 3;

    /// <summary>RETRANS_TIMER: time between solicitations for one address.</summary>
    public TimeSpan RetransTimer { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>REACHABLE_TIME: a confirmation is trusted for a random 0.5-1.5 times this (RFC 4861 6.3.2).</summary>
    public TimeSpan BaseReachableTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>DELAY_FIRST_PROBE_TIME: how long DELAY waits before probing.</summary>
    public TimeSpan DelayFirstProbeTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Entries in the cache; the least recently used goes when a new one is needed.</summary>
    public int MaxEntries { get; init; } = 1024;

    /// <summary>Packets queued per INCOMPLETE entry; RFC 4861 7.2.2 asks for a small queue, the oldest dropped first.</summary>
    public int MaxPendingPackets { get; init; } = 3;

    /// <summary>RFC 4862 5.1 DupAddrDetectTransmits: solicitations sent for each of our addresses before it is used; 0 turns DAD off.</summary>
    public int DupAddrDetectTransmits { get; init; } = 1;

    /// <summary>RFC 4862 5.4.2: the first DAD solicitation waits a random delay up to MAX_RTR_SOLICITATION_DELAY (1 s, RFC 4861 10).</summary>
    public TimeSpan MaxDadDelay { get; init; } = TimeSpan.FromSeconds(1);
}
