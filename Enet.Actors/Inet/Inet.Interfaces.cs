using Enet.Actors.Hosting;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Inet;

public static partial class Inet
{
    /// <summary>
    /// inet:getifaddrs/0 for an Enet host: its own interfaces (from <see cref="Eth.GetInfo"/>), not the operating
    /// system's. Order as inet's: flags first; each address followed by its netmask and, for IPv4 on a broadcast
    /// interface, its broadaddr (IPv4 addresses before IPv6 ones, as Linux lists them); hwaddr last. Flags of an
    /// Ethernet interface are [up, broadcast, running, multicast] when up, [broadcast, multicast] when down. An IPv6
    /// address another node holds (DAD found it duplicated) is not listed, as Linux hides it from use.
    /// </summary>
    public static async Task<IReadOnlyList<InterfaceAddresses>> GetIfAddrsAsync(RunningHost host)
    {
        var result = new List<InterfaceAddresses>();
        foreach (var stack in host.Interfaces.Values)
        {
            var info = await stack.Interface.Ask<Eth.Info>(Eth.GetInfo.Instance, CommandTimeout);
            var ipv6 = stack.Ipv6 is null ? [] : (await stack.Ipv6.Ask<Ipv6.Addresses>(Ipv6.GetAddresses.Instance, CommandTimeout)).All
                .Where(a => a.State != Ipv6AddressState.Duplicated).Select(a => a.Cidr).ToList();
            result.Add(IfAddrs(info, ipv6));
        }
        return result;
    }

    public static InterfaceAddresses IfAddrs(Eth.Info info, IReadOnlyList<Ipv6Cidr>? ipv6 = null)
    {
        var options = new List<InetOption>
        {
            new("flags", info.IsUp ? new[] { "up", "broadcast", "running", "multicast" } : ["broadcast", "multicast"]),
        };
        foreach (var cidr in info.Ipv4)
        {
            options.Add(new("addr", (InetAddress)cidr.Address));
            options.Add(new("netmask", (InetAddress)new Ipv4Address(cidr.Mask)));
            // RFC 3021: a /31 or /32 has no broadcast address.
            if (cidr.PrefixLength < 31)
                options.Add(new("broadaddr", (InetAddress)cidr.Broadcast));
        }
        foreach (var cidr in ipv6 ?? [])
        {
            options.Add(new("addr", (InetAddress)cidr.Address));
            options.Add(new("netmask", (InetAddress)new Ipv6Address(cidr.Mask)));
        }
        options.Add(new("hwaddr", info.Mac));
        return new InterfaceAddresses(info.Name, options);
    }

    /// <summary>inet:gethostname/0 for an Enet host: the host's configured name.</summary>
    public static string GetHostName(RunningHost host) => host.Settings.Name;
}
