using System.Net;
using System.Net.Sockets;
using Enet.Configuration;

namespace Enet.Actors.Inet;

/// <summary>
/// Name lookups of inet (getaddr, getaddrs, gethostbyname, gethostbyaddr) from Enet's own hosts table,
/// `enet.inet.hosts { "h1.example" = ["192.0.2.2", "2001:db8::2"] }`, and, only when `enet.inet.os-resolver =
/// true`, the operating system's resolver for names the table lacks. Names compare case-insensitively, as DNS
/// names do (RFC 4343). Address literals resolve to themselves; a literal of the other family is nxdomain, as
/// inet:getaddr("::1", inet) is.
/// </summary>
public sealed class InetResolver
{
    private readonly IReadOnlyList<(string Name, IReadOnlyList<InetAddress> Addresses)> hosts;
    private readonly bool useOperatingSystem;

    public InetResolver(IEnumerable<KeyValuePair<string, IReadOnlyList<InetAddress>>> hosts, bool useOperatingSystem = false)
    {
        this.hosts = [.. hosts.Select(h => (h.Key, h.Value))];
        this.useOperatingSystem = useOperatingSystem;
    }

    /// <summary>The table of enet.inet.hosts; an entry that is not an address list fails with the key's name.</summary>
    public static InetResolver FromConfig(Config config)
    {
        var entries = new List<KeyValuePair<string, IReadOnlyList<InetAddress>>>();
        if (config.HasPath("enet.inet.hosts"))
            foreach (var (name, value) in config.GetConfig("enet.inet.hosts").Root)
            {
                if (value is not ConfigList list)
                    throw new FormatException($"enet.inet.hosts.\"{name}\" must be a list of addresses");
                entries.Add(new(name, [.. list.Select(v => ParseConfigured(name, v))]));
            }
        var os = config.HasPath("enet.inet.os-resolver") && config.GetBoolean("enet.inet.os-resolver");
        return new InetResolver(entries, os);
    }

    private static InetAddress ParseConfigured(string name, ConfigValue value)
    {
        var text = value is ConfigString s ? s.Value : value.ToString() ?? "";
        var parsed = Inet.ParseStrictAddress(text);
        return parsed.IsOk ? parsed.Value : throw new FormatException($"enet.inet.hosts.\"{name}\": \"{text}\" is not an IP address");
    }

    /// <summary>inet:getaddr/2: the first address of <paramref name="family"/>.</summary>
    public async Task<InetResult<InetAddress>> GetAddrAsync(string host, InetFamily family)
    {
        var all = await GetAddrsAsync(host, family);
        return all.IsOk ? all.Value[0] : all.Error!.Value;
    }

    /// <summary>inet:getaddrs/2: every address of <paramref name="family"/>, nxdomain when there is none.</summary>
    public async Task<InetResult<IReadOnlyList<InetAddress>>> GetAddrsAsync(string host, InetFamily family)
    {
        var hostent = await GetHostByNameAsync(host, family);
        return hostent.IsOk ? InetResult<IReadOnlyList<InetAddress>>.Ok(hostent.Value.AddrList) : hostent.Error!.Value;
    }

    /// <summary>inet:gethostbyname/2.</summary>
    public async Task<InetResult<Hostent>> GetHostByNameAsync(string name, InetFamily family = InetFamily.Inet)
    {
        var literal = family == InetFamily.Inet ? Inet.ParseIpv4Address(name) : Inet.ParseIpv6StrictAddress(name);
        if (literal.IsOk)
            return new Hostent(name, [], family, [literal.Value]);
        if (Inet.ParseAddress(name).IsOk)
            return Posix.Nxdomain;
        foreach (var (hostName, addresses) in hosts)
        {
            if (!string.Equals(hostName, name, StringComparison.OrdinalIgnoreCase))
                continue;
            var matching = addresses.Where(a => a.Family == family).ToList();
            if (matching.Count > 0)
                return new Hostent(hostName, [], family, matching);
        }
        if (!useOperatingSystem)
            return Posix.Nxdomain;
        try
        {
            var found = await Dns.GetHostAddressesAsync(name, family == InetFamily.Inet ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6);
            var addresses = found.Select(FromIp).Where(a => a.Family == family).ToList();
            return addresses.Count > 0 ? new Hostent(name, [], family, addresses) : Posix.Nxdomain;
        }
        catch (SocketException)
        {
            return Posix.Nxdomain;
        }
    }

    /// <summary>inet:gethostbyaddr/1 of a tuple or an address string; other names of the same address are the aliases.</summary>
    public async Task<InetResult<Hostent>> GetHostByAddrAsync(InetAddress address)
    {
        var names = hosts.Where(h => h.Addresses.Contains(address)).Select(h => h.Name).ToList();
        if (names.Count > 0)
            return new Hostent(names[0], names[1..], address.Family, [address]);
        if (!useOperatingSystem)
            return Posix.Nxdomain;
        try
        {
            var entry = await Dns.GetHostEntryAsync(new IPAddress(address.ToTuple().SelectMany(p => address.IsIpv4 ? new[] { (byte)p } : [(byte)(p >> 8), (byte)p]).ToArray()));
            return new Hostent(entry.HostName, entry.Aliases, address.Family, [address]);
        }
        catch (SocketException)
        {
            return Posix.Nxdomain;
        }
    }

    public Task<InetResult<Hostent>> GetHostByAddrAsync(string address)
    {
        var parsed = Inet.ParseAddress(address);
        return parsed.IsOk ? GetHostByAddrAsync(parsed.Value) : Task.FromResult(InetResult<Hostent>.Fail(Posix.Einval));
    }

    private static InetAddress FromIp(IPAddress ip)
    {
        var bytes = ip.GetAddressBytes();
        return bytes.Length == 4 ? new Codecs.Ipv4Address(bytes[0], bytes[1], bytes[2], bytes[3]) : new InetAddress(Codecs.Ipv6Address.Read(bytes));
    }
}
