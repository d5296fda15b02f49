using Enet.Actors.Hosting;
using Enet.Actors.Interface;
using Enet.Codecs;
using Enet.Runtime.Actor;

namespace Enet.Actors.Inet;

public static partial class Inet
{
    /// <summary>
    /// inet:getifaddrs/0 for an Enet host: its own interfaces (from <see cref="Eth.GetInfo"/>), not the operating
    /// system's. Order as inet's: flags first; each address followed by its netmask and, on a broadcast interface,
    /// its broadaddr; hwaddr last. Flags of an Ethernet interface are [up, broadcast, running, multicast] when up,
    /// [broadcast, multicast] when down.
    /// </summary>
    public static async Task<IReadOnlyList<InterfaceAddresses>> GetIfAddrsAsync(RunningHost host)
    {
        var result = new List<InterfaceAddresses>();
        foreach (var stack in host.Interfaces.Values)
            result.Add(IfAddrs(await stack.Interface.Ask<Eth.Info>(Eth.GetInfo.Instance)));
        return result;
    }

    public static InterfaceAddresses IfAddrs(Eth.Info info)
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
        options.Add(new("hwaddr", info.Mac));
        return new InterfaceAddresses(info.Name, options);
    }

    /// <summary>inet:gethostname/0 for an Enet host: the host's configured name.</summary>
    public static string GetHostName(RunningHost host) => host.Settings.Name;
}
