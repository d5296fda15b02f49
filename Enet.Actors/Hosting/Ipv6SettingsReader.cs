using Enet.Actors.Ip;
using Enet.Codecs;

namespace Enet.Actors.Hosting;

/// <summary>
/// Maps `enet.ipv6` to the per-host <see cref="Ipv6Settings"/> template (every bound of the IPv6 layer, its
/// neighbour cache and its reassembly); the RFC 4861 10 timers stay protocol constants. Keys: hop-limit,
/// neighbors.max-entries, neighbors.max-pending-per-address, neighbors.dad-transmits,
/// reassembly.max-bytes-per-datagram, reassembly.max-bytes, reassembly.max-datagrams,
/// path-mtu.max-entries, path-mtu.timeout, icmp-errors.per-second, icmp-errors.burst.
/// </summary>
public static class Ipv6SettingsReader
{
    public static Ipv6Settings Read(IConfigView config)
    {
        var settings = new Ipv6Settings(MacAddress.Zero, []);
        int Int(string key, int fallback) => config.HasPath($"enet.ipv6.{key}") ? config.GetInt($"enet.ipv6.{key}") : fallback;
        return settings with
        {
            HopLimit = checked((byte)Int("hop-limit", settings.HopLimit)),
            Ndp = settings.Ndp with
            {
                MaxEntries = Int("neighbors.max-entries", settings.Ndp.MaxEntries),
                MaxPendingPackets = Int("neighbors.max-pending-per-address", settings.Ndp.MaxPendingPackets),
                DupAddrDetectTransmits = Int("neighbors.dad-transmits", settings.Ndp.DupAddrDetectTransmits),
            },
            MaxReassemblyDatagramBytes = Int("reassembly.max-bytes-per-datagram", settings.MaxReassemblyDatagramBytes),
            MaxReassemblyBytes = Int("reassembly.max-bytes", (int)settings.MaxReassemblyBytes),
            MaxReassemblies = Int("reassembly.max-datagrams", settings.MaxReassemblies),
            MaxPathMtuEntries = Int("path-mtu.max-entries", settings.MaxPathMtuEntries),
            PathMtuTimeout = config.HasPath("enet.ipv6.path-mtu.timeout") ? config.GetDuration("enet.ipv6.path-mtu.timeout") : settings.PathMtuTimeout,
            IcmpErrorsPerSecond = Int("icmp-errors.per-second", (int)settings.IcmpErrorsPerSecond),
            IcmpErrorBurst = Int("icmp-errors.burst", settings.IcmpErrorBurst),
        };
    }
}
