using System.Collections.Concurrent;
using Enet.Codecs;

namespace Enet.Actors.Arp;

/// <summary>
/// The resolved part of an <see cref="ArpCache"/>'s table, readable without asking the cache: the IPv4 layer sends a
/// datagram to a known neighbour straight to the interface instead of through the cache's mailbox (one hop and one
/// message fewer per segment). The cache stays the one writer: it learns, ages and evicts, and mirrors each change
/// here; a miss goes to the cache as before, which resolves and queues.
/// </summary>
public sealed class Neighbours
{
    private readonly ConcurrentDictionary<Ipv4Address, MacAddress> table = new();

    public bool TryGet(Ipv4Address address, out MacAddress mac) => table.TryGetValue(address, out mac);

    internal void Set(Ipv4Address address, MacAddress mac) => table[address] = mac;

    internal void Remove(Ipv4Address address) => table.TryRemove(address, out _);

    /// <summary>A cache that restarts starts empty, and so does what it shows.</summary>
    internal void Clear() => table.Clear();
}
