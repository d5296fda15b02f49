using Enet.Codecs;

namespace Enet.Actors.Ndp;

/// <summary>One neighbour cache entry as `ip -6 neigh` shows it; <paramref name="Mac"/> is null while INCOMPLETE.</summary>
public sealed record Neighbor(Ipv6Address Address, MacAddress? Mac, NeighborState State, bool IsRouter, int QueuedPackets)
{
    public override string ToString() =>
        $"{Address} {(Mac is { } mac ? $"lladdr {mac} " : "")}{(IsRouter ? "router " : "")}{State.ToString().ToUpperInvariant()}";
}
