using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// RFC 8201 5.2: the path MTU learned per destination from Packet Too Big messages, so the layer fragments at the
/// source to what the path carries and a packetization layer (TCP) sizes its segments to it. An entry only ever goes
/// down (RFC 8201 4: a PTB never raises the estimate, nor lowers it below 1280) and is forgotten after
/// <see cref="Ipv6Settings.PathMtuTimeout"/> (5.3: probe for an increase no sooner than 5 minutes, 10 recommended),
/// when the link MTU applies again. Bounded: when full the oldest entry goes.
/// </summary>
internal sealed class Ipv6PathMtus(int linkMtu, int capacity, TimeSpan timeout)
{
    /// <summary>RFC 8200 5: every IPv6 link carries 1280 bytes.</summary>
    public const int MinimumMtu = 1280;

    private readonly Dictionary<Ipv6Address, (int Mtu, DateTimeOffset Learned)> entries = [];

    public int Count => entries.Count;

    /// <summary>The MTU to <paramref name="destination"/>: the learned one while it lasts, else the link's.</summary>
    public int For(Ipv6Address destination, DateTimeOffset now)
    {
        if (entries.Count == 0 || !entries.TryGetValue(destination, out var entry))
            return linkMtu;
        if (now - entry.Learned < timeout)
            return entry.Mtu;
        entries.Remove(destination);
        return linkMtu;
    }

    /// <summary>A Packet Too Big for a packet to <paramref name="destination"/> reported <paramref name="mtu"/>; false
    /// when it is below the IPv6 minimum (RFC 8201 4: discarded) or no lower than the current estimate.</summary>
    public bool Reduce(Ipv6Address destination, int mtu, DateTimeOffset now)
    {
        if (mtu < MinimumMtu || mtu >= For(destination, now))
            return false;
        if (entries.Count >= capacity && !entries.ContainsKey(destination))
            entries.Remove(entries.MinBy(e => e.Value.Learned).Key);
        entries[destination] = (mtu, now);
        return true;
    }
}
