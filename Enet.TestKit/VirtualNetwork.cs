using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;

namespace Enet.TestKit;

/// <summary>
/// Enet hosts cabled together over in-memory wires inside one actor system, with seeded, reproducible
/// faults per host. Each host is a full stack (interface, ARP, IPv4, ICMP) started by <see cref="HostStarter"/>,
/// so a scenario exercises what `enet run` runs. The hosts' links count in the system's <see cref="Activity"/>.
/// </summary>
public sealed class VirtualNetwork : IDisposable
{
    private readonly ActorSystem system;
    private readonly Dictionary<string, (FaultProfile Faults, int Seed)> faults = [];
    private readonly LinkFactory links;

    public VirtualNetwork(ActorSystem system)
    {
        this.system = system;
        var activity = Activity.Of(system);
        links = new LinkFactory
        {
            Wrap = (settings, link) =>
            {
                lock (faults)
                    link = faults.TryGetValue(settings.Name, out var f) ? new FaultInjector(link, f.Faults, f.Seed) : link;
                return new TrackedLink(link, activity);
            },
        };
    }

    /// <summary>Starts host <paramref name="name"/> with one interface "eth0" on <paramref name="wire"/>; frames it
    /// sends suffer <paramref name="sendFaults"/>, drawn from <paramref name="seed"/>.</summary>
    public Task<RunningHost> AddHostAsync(string name, MacAddress mac, string ipv4, string wire = "lan",
        IReadOnlyList<string>? services = null, FaultProfile? sendFaults = null, int seed = 1,
        Func<HostSettings, HostSettings>? configure = null, IReadOnlyDictionary<string, ObserverFactory>? observers = null)
    {
        var iface = new InterfaceSettings($"{name}-eth0", "wire", mac) { Device = wire, Ipv4 = [Ipv4Cidr.Parse(ipv4)] };
        if (sendFaults is not null)
            lock (faults)
                faults[iface.Name] = (sendFaults, seed);
        var settings = new HostSettings(name, [iface]) { Services = services ?? ["arp", "icmp"] };
        settings = configure?.Invoke(settings) ?? settings;
        return HostStarter.StartAsync(system, settings, s => links.InterfaceProps(s, settings.SubscriberQueue), observers);
    }

    /// <summary>A bare endpoint on <paramref name="wire"/> for a test to send and read raw frames.</summary>
    public ILink Plug(string name, string wire = "lan") => links.Wire(wire).Attach(name);

    public void Dispose() => links.Dispose();
}
