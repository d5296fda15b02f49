using Enet.Configuration;
using Enet.Actors.Ip;
using Enet.Codecs;

namespace Enet.Actors.Hosting;

/// <summary>
/// Maps `enet.hosts` to <see cref="HostSettings"/>. The keys, under enet.hosts.NAME:
/// <list type="bullet">
/// <item>interfaces.IFACE.link: tap | wire | pcap | remote (default tap)</item>
/// <item>interfaces.IFACE.segment, peers: for remote, the virtual Ethernet segment and the Akka addresses of the other nodes on it</item>
/// <item>interfaces.IFACE.device: TAP device name, created if absent; for wire the wire's name</item>
/// <item>interfaces.IFACE.path: for pcap, the capture file replayed</item>
/// <item>interfaces.IFACE.namespace: for tap, the network namespace the device is made in</item>
/// <item>interfaces.IFACE.batch-writes: for tap, write frames in bursts from the device's writer thread (default true)</item>
/// <item>interfaces.IFACE.busy-poll: for tap, how long the device's reader polls after its last frame before sleeping (default 0: off)</item>
/// <item>interfaces.IFACE.mac: the interface's MAC (required)</item>
/// <item>interfaces.IFACE.mtu: default 1500</item>
/// <item>interfaces.IFACE.ipv4: list of "address/prefix"</item>
/// <item>interfaces.IFACE.os-ipv4: "address/prefix" given to the operating system's side of a TAP, which is brought up</item>
/// <item>interfaces.IFACE.gateway: next hop for off-link destinations</item>
/// <item>interfaces.IFACE.ipv6: list of "address/prefix"; any starts IPv6 on the interface</item>
/// <item>interfaces.IFACE.os-ipv6: "address/prefix" given to the operating system's side of a TAP</item>
/// <item>gateway: the host's default gateway, on one interface's subnet</item>
/// <item>routes: list of { destination = "a.b.c.d/len", via = "gateway", mtu = N (optional) }</item>
/// <item>services: list of arp, icmp, udp-echo, and observers (dump, crtest); default [arp, icmp]</item>
/// <item>capture: a .pcap or .pcapng file every frame is written to</item>
/// </list>
/// and, for every host, enet.remote-link (send-queue, batch-bytes, batches-in-flight, retry-interval), enet.framebus.subscriber-queue, enet.udp, enet.tcp and enet.ip (ttl, reassembly.timeout,
/// reassembly.max-bytes-per-datagram, reassembly.max-bytes, icmp-errors.rate, icmp-errors.burst).
/// </summary>
public static class HostSettingsReader
{
    /// <summary>Reads a HOCON (or JSON, .properties) file with reference.conf as its fallback.</summary>
    public static IReadOnlyList<HostSettings> ReadFile(string path) => Read(new HoconConfigView(ConfigurationFactory.Load(path)));

    public static IReadOnlyList<HostSettings> Read(IConfigView config)
    {
        if (!config.HasPath("enet.hosts"))
            return [];
        var subscriberQueue = config.HasPath("enet.framebus.subscriber-queue") ? config.GetInt("enet.framebus.subscriber-queue") : 1024;
        var ipv4 = ReadIp(config);
        var udp = Udp.UdpSettings.Read(config);
        var tcp = Tcp.TcpSettings.Read(config);
        var hosts = config.GetConfig("enet.hosts");
        var ipv6 = Ipv6SettingsReader.Read(config);
        var remote = ReadRemoteLink(config);
        return [.. hosts.Keys.Select(name => ReadHost(name, hosts.GetConfig(name), remote) with { SubscriberQueue = subscriberQueue, Ipv4 = ipv4, Ipv6 = ipv6, Udp = udp, Tcp = tcp })];
    }

    private static HostSettings ReadHost(string name, IConfigView host, RemoteLinkSettings remote)
    {
        var interfaces = host.HasPath("interfaces") ? host.GetConfig("interfaces") : null;
        var settings = new HostSettings(name, interfaces is null ? [] : [.. interfaces.Keys.Select(i => ReadInterface(i, interfaces.GetConfig(i)) with { Remote = remote })])
        {
            Capture = Optional(host, "capture"),
            Gateway = host.HasPath("gateway") ? Parse(host, "gateway", Ipv4Address.Parse) : null,
            Routes = host.HasPath("routes") ? [.. host.GetConfigList("routes").Select(ReadRoute)] : [],
        };
        return host.HasPath("services") ? settings with { Services = host.GetStringList("services") } : settings;
    }

    private static InterfaceSettings ReadInterface(string name, IConfigView iface) =>
        new(name, Optional(iface, "link") ?? "tap", Parse(iface, "mac", MacAddress.Parse))
        {
            Device = Optional(iface, "device"),
            Path = Optional(iface, "path"),
            Namespace = Optional(iface, "namespace"),
            Segment = Optional(iface, "segment"),
            Peers = iface.HasPath("peers") ? iface.GetStringList("peers") : [],
            BatchWrites = !iface.HasPath("batch-writes") || iface.GetBoolean("batch-writes"),
            Offload = !iface.HasPath("offload") || iface.GetBoolean("offload"),
            BusyPoll = iface.HasPath("busy-poll") ? iface.GetDuration("busy-poll") : TimeSpan.Zero,
            Mtu = iface.HasPath("mtu") ? iface.GetInt("mtu") : 1500,
            Ipv4 = iface.HasPath("ipv4") ? ParseList(iface, "ipv4", Ipv4Cidr.Parse) : [],
            OsIpv4 = iface.HasPath("os-ipv4") ? Parse(iface, "os-ipv4", Ipv4Cidr.Parse) : null,
            Gateway = iface.HasPath("gateway") ? Parse(iface, "gateway", Ipv4Address.Parse) : null,
            Ipv6 = iface.HasPath("ipv6") ? ParseList(iface, "ipv6", Ipv6Cidr.Parse) : Array.Empty<Ipv6Cidr>(),
            OsIpv6 = iface.HasPath("os-ipv6") ? Parse(iface, "os-ipv6", Ipv6Cidr.Parse) : null,
        };

    /// <summary>enet.remote-link: the bounds of every link = remote interface's peers.</summary>
    private static RemoteLinkSettings ReadRemoteLink(IConfigView config)
    {
        var settings = RemoteLinkSettings.Default;
        if (!config.HasPath("enet.remote-link"))
            return settings;
        var remote = config.GetConfig("enet.remote-link");
        return settings with
        {
            SendQueue = remote.HasPath("send-queue") ? remote.GetInt("send-queue") : settings.SendQueue,
            BatchBytes = remote.HasPath("batch-bytes") ? checked((int)remote.GetBytes("batch-bytes")) : settings.BatchBytes,
            BatchesInFlight = remote.HasPath("batches-in-flight") ? remote.GetInt("batches-in-flight") : settings.BatchesInFlight,
            RetryInterval = remote.HasPath("retry-interval") ? remote.GetDuration("retry-interval") : settings.RetryInterval,
        };
    }

    private static Ipv4StaticRoute ReadRoute(IConfigView route) =>
        new(Parse(route, "destination", Ipv4Cidr.Parse), Parse(route, "via", Ipv4Address.Parse))
        {
            Mtu = route.HasPath("mtu") ? route.GetInt("mtu") : null,
        };

    /// <summary>enet.ip: the bounds every IPv4 layer shares; a key left out keeps <see cref="Ipv4Settings"/>' default.</summary>
    private static Ipv4Settings ReadIp(IConfigView config)
    {
        var settings = new Ipv4Settings([]);
        if (!config.HasPath("enet.ip"))
            return settings;
        var ip = config.GetConfig("enet.ip");
        return settings with
        {
            Ttl = ip.HasPath("ttl") ? checked((byte)ip.GetInt("ttl")) : settings.Ttl,
            ReassemblyTimeout = ip.HasPath("reassembly.timeout") ? ip.GetDuration("reassembly.timeout") : settings.ReassemblyTimeout,
            ReassemblyMaxDatagramBytes = ip.HasPath("reassembly.max-bytes-per-datagram")
                ? checked((int)ip.GetBytes("reassembly.max-bytes-per-datagram")) : settings.ReassemblyMaxDatagramBytes,
            ReassemblyMaxBytes = ip.HasPath("reassembly.max-bytes") ? ip.GetBytes("reassembly.max-bytes") : settings.ReassemblyMaxBytes,
            IcmpErrorRate = ip.HasPath("icmp-errors.rate") ? ip.GetInt("icmp-errors.rate") : settings.IcmpErrorRate,
            IcmpErrorBurst = ip.HasPath("icmp-errors.burst") ? ip.GetInt("icmp-errors.burst") : settings.IcmpErrorBurst,
        };
    }

    private static string? Optional(IConfigView config, string path) => config.HasPath(path) ? config.GetString(path) : null;

    private static T Parse<T>(IConfigView config, string path, Func<string, T> parse) => Parse(config, path, config.GetString(path), parse);

    private static List<T> ParseList<T>(IConfigView config, string path, Func<string, T> parse) =>
        [.. config.GetStringList(path).Select(text => Parse(config, path, text, parse))];

    private static T Parse<T>(IConfigView config, string path, string text, Func<string, T> parse)
    {
        try
        {
            return parse(text);
        }
        catch (FormatException e)
        {
            // file:line:column first, as a ConfigException says it, so the user can jump to the value.
            throw new FormatException($"{config.Origin(path)}: {path} = \"{text}\": {e.Message}", e);
        }
    }
}
