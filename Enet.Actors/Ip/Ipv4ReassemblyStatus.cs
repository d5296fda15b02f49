namespace Enet.Actors.Ip;

/// <summary>What <see cref="Ipv4Reassembler.Add"/> did with a fragment.</summary>
public enum Ipv4ReassemblyStatus
{
    /// <summary>Kept; the datagram still has holes.</summary>
    Incomplete,

    /// <summary>The fragment filled the last hole: the whole datagram is returned.</summary>
    Complete,

    /// <summary>An exact copy of a fragment already held (same offset and length): ignored.</summary>
    Duplicate,

    /// <summary>Not a usable fragment (a non-last fragment whose length is not a multiple of 8, or no data):
    /// dropped on its own.</summary>
    Malformed,

    /// <summary>It overlaps a fragment held, or contradicts the datagram's known end: the whole datagram is
    /// dropped and its later fragments too, until the timeout (as RFC 5722 requires for IPv6).</summary>
    Overlap,

    /// <summary>It would make the datagram larger than the per-datagram bound: the whole datagram is dropped.</summary>
    TooBig,

    /// <summary>Reassembly memory could not make room for it: the datagram is dropped.</summary>
    NoRoom,

    /// <summary>It belongs to a datagram already dropped (overlap, too big): dropped too.</summary>
    Discarded,
}
