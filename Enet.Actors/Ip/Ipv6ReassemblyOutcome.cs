namespace Enet.Actors.Ip;

/// <summary>What <see cref="Ipv6Reassembly.Add"/> did with a fragment.</summary>
public enum Ipv6ReassemblyOutcome
{
    /// <summary>The first fragment of a new datagram: its timeout starts now.</summary>
    Started,

    /// <summary>Kept; the datagram is still incomplete.</summary>
    Pending,

    /// <summary>The last missing piece: the whole datagram is returned.</summary>
    Complete,

    /// <summary>An exact duplicate of a fragment already held, dropped alone (RFC 8200 4.5).</summary>
    Duplicate,

    /// <summary>The fragment and its datagram are dropped: overlap (RFC 5722), inconsistent lengths, a bound, or a
    /// datagram already discarded.</summary>
    Dropped,

    /// <summary>RFC 8200 4.5: a length error the sender must hear of with a parameter problem (code 0) at the pointer.</summary>
    ParameterProblem,
}
