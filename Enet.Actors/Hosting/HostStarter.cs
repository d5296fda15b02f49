using Enet.Actors.Diagnostics;
using Enet.Actors.Icmp;
using Enet.Actors.Interface;
using Enet.Actors.Ip;
using Enet.Actors.Udp;
using Enet.Codecs;
using Enet.Actors.Tcp;
using Akka.Actor;

namespace Enet.Actors.Hosting;

/// <summary>
/// Starts a configured host: the host actor, an interface per <see cref="InterfaceSettings"/> (the caller
/// says how to make one, since links live in Enet.Tap), then on each interface the services named in
/// <see cref="HostSettings.Services"/> and the capture. Returns once every bus subscription is in place, so
/// no frame arrives before the stack can hear it: then the links start.
/// </summary>
public static class HostStarter
{
    private static readonly TimeSpan AttachTimeout = TimeSpan.FromSeconds(10);

    public static async Task<RunningHost> StartAsync(ActorSystem system, HostSettings settings,
        Func<InterfaceSettings, Props> interfaceProps, IReadOnlyDictionary<string, ObserverFactory>? observers = null)
    {
        observers ??= new Dictionary<string, ObserverFactory>();
        var unknown = settings.Services.Where(s => s is not ("arp" or "icmp" or "udp-echo" or "tcp-echo" or "discard" or "http") && !observers.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"host {settings.Name}: unknown service(s) {string.Join(", ", unknown)}; known: arp, icmp, udp-echo, tcp-echo, discard, http, {string.Join(", ", observers.Keys)}");
        if (settings.Services.Contains("icmp") && !settings.Services.Contains("arp"))
            throw new ArgumentException($"host {settings.Name}: service icmp needs arp to send its replies");
        foreach (var echo in new[] { "udp-echo", "tcp-echo", "discard", "http" }.Where(settings.Services.Contains))
            if (!settings.Services.Contains("icmp"))
                throw new ArgumentException($"host {settings.Name}: service {echo} needs icmp, which starts the IPv4 layer");
        // Built before anything starts: a gateway or route on no interface's subnet is a configuration error.
        var routes = settings.CreateRoutingTable();
        var host = system.ActorOf(NetworkHost.Props(settings), settings.Name);
        var stacks = new Dictionary<string, InterfaceStack>();
        var subscriptions = new Dictionary<IActorRef, int>();
        foreach (var iface in settings.Interfaces)
        {
            var eth = await Attach(host, new NetworkHost.AttachInterface(iface.Name, interfaceProps(iface)));
            var stack = new InterfaceStack(iface, eth, null, null, null);
            var neighbours = new Arp.Neighbours();
            if (settings.Services.Contains("arp"))
            {
                var publications = iface.Ipv4.Select(a => new Arp.Arp.Publish(iface.Mac, a.Address)).ToList();
                stack = stack with { Arp = await Attach(host, new NetworkHost.Attach($"{iface.Name}-arp", Arp.ArpCache.Props(eth, iface.Mac, settings.Arp, publications, neighbours))) };
            }
            if (iface.Ipv6.Count > 0)
            {
                // IPv6 needs no ARP: neighbour discovery is part of the layer (RFC 4861). Service icmp answers v6 echo too.
                var ipv6Settings = settings.Ipv6 with { Mac = iface.Mac, Addresses = iface.Ipv6, Mtu = iface.Mtu };
                var ipv6 = await Attach(host, new NetworkHost.Attach($"{iface.Name}-ipv6", Ipv6Layer.Props(eth, ipv6Settings)));
                stack = stack with { Ipv6 = ipv6 };
                if (settings.Services.Contains("icmp"))
                    stack = stack with { Icmpv6 = await Attach(host, new NetworkHost.Attach($"{iface.Name}-icmpv6", Icmpv6Responder.Props(ipv6, settings.Icmp))) };
            }
            if (settings.Services.Contains("icmp"))
            {
                var ipv4Settings = settings.Ipv4 with { Addresses = iface.Ipv4, Interface = iface.Name, Mtu = iface.Mtu, Routes = routes };
                var ipv4 = await Attach(host, new NetworkHost.Attach($"{iface.Name}-ipv4", Ipv4Layer.Props(eth, stack.Arp!, ipv4Settings, neighbours)));
                stack = stack with { Ipv4 = ipv4, Icmp = await Attach(host, new NetworkHost.Attach($"{iface.Name}-icmp", IcmpResponder.Props(ipv4, settings.Icmp))) };
                // UDP comes with every IPv4 layer; udp-echo (RFC 862) is a user of its socket API.
                var ipv6Addresses = stack.Ipv6 is null ? [] : (IReadOnlyList<Ipv6Address>)[InterfaceIdentifier.LinkLocal(iface.Mac), .. iface.Ipv6.Select(a => a.Address)];
                stack = stack with { Udp = await Attach(host, new NetworkHost.Attach($"{iface.Name}-udp", UdpLayer.Props(ipv4, iface.Ipv4, settings.Udp, stack.Ipv6, ipv6Addresses))) };
                if (settings.Services.Contains("udp-echo"))
                    await Attach(host, new NetworkHost.Attach($"{iface.Name}-udp-echo", UdpEcho.Props(stack.Udp!)));
                // TCP comes with every IPv4 layer, as UDP does, and runs over the IPv6 layer too when there is one.
                var ipv6Cidrs = stack.Ipv6 is null ? [] : (IReadOnlyList<Ipv6Cidr>)[new Ipv6Cidr(InterfaceIdentifier.LinkLocal(iface.Mac), 64), .. iface.Ipv6];
                stack = stack with { Tcp = await Attach(host, new NetworkHost.Attach($"{iface.Name}-tcp", TcpLayer.Props(ipv4, iface.Ipv4, iface.Mtu, settings.Tcp, routes, stack.Ipv6, ipv6Cidrs))) };
                if (settings.Services.Contains("tcp-echo"))
                    await Attach(host, new NetworkHost.Attach($"{iface.Name}-tcp-echo", TcpEcho.Props(stack.Tcp!)));
                if (settings.Services.Contains("discard"))
                {
                    // RFC 863 on both protocols, port 9.
                    await Attach(host, new NetworkHost.Attach($"{iface.Name}-udp-discard", Discard.UdpDiscard.Props(stack.Udp!)));
                    await Attach(host, new NetworkHost.Attach($"{iface.Name}-tcp-discard", Discard.TcpDiscard.Props(stack.Tcp!)));
                }
                if (settings.Services.Contains("http"))
                    await Attach(host, new NetworkHost.Attach($"{iface.Name}-http", Http.HttpService.Props(stack.Tcp!, settings.Name, iface.Name, iface.Ipv4)));
            }
            foreach (var observer in settings.Services.Where(observers.ContainsKey))
                await Attach(host, new NetworkHost.Attach($"{iface.Name}-{observer}", observers[observer](settings, stack)));
            subscriptions[eth] = (stack.Arp is null ? 0 : 1) + (stack.Ipv4 is null ? 0 : 1) + (stack.Ipv6 is null ? 0 : 1) +
                settings.Services.Count(observers.ContainsKey) + (settings.Capture is null ? 0 : 1);
            stacks[iface.Name] = stack;
        }
        // Each IPv4 layer hands datagrams routed through another interface to that interface's layer.
        var layers = stacks.Values.Where(s => s.Ipv4 is not null).ToDictionary(s => s.Settings.Name, s => s.Ipv4!);
        foreach (var layer in layers.Values)
            layer.Tell(new Ipv4.JoinHost(layers), ActorRefs.NoSender);
        if (settings.Capture is { } capture)
            await Attach(host, new NetworkHost.Attach("capture", FrameCapture.Props([.. stacks.Values.Select(s => s.Interface)], capture)));
        foreach (var stack in stacks.Values)
            await AwaitRegistrations(stack);
        foreach (var (eth, expected) in subscriptions)
        {
            await AwaitSubscriptions(eth, expected);
            eth.Tell(Eth.StartLink.Instance, ActorRefs.NoSender);
        }
        return new RunningHost(settings, host, stacks);
    }

    private static async Task<IActorRef> Attach(IActorRef host, object attach) =>
        await host.Ask(attach, AttachTimeout) switch
        {
            NetworkHost.Attached attached => attached.Actor,
            NetworkHost.AttachFailed failed => throw new InvalidOperationException(failed.Reason),
            var other => throw new InvalidOperationException($"unexpected answer {other}"),
        };

    /// <summary>The protocol actors register with the IP layers from PreStart, so after their creation: a frame the
    /// link hands over before the IPv4 layer took TCP's registration got ICMP protocol unreachable instead of TCP's
    /// answer (seen as a flake of a test sending a SYN at once). Each protocol actor answering Identify has run its
    /// PreStart, its Register sent; each IP layer answering Identify after that has taken them (one mailbox, in order).</summary>
    private static async Task AwaitRegistrations(InterfaceStack stack)
    {
        foreach (var protocol in new[] { stack.Icmp, stack.Udp, stack.Tcp, stack.Icmpv6 })
            if (protocol is not null)
                await protocol.Ask<ActorIdentity>(new Identify(null), AttachTimeout);
        foreach (var layer in new[] { stack.Ipv4, stack.Ipv6 })
            if (layer is not null)
                await layer.Ask<ActorIdentity>(new Identify(null), AttachTimeout);
    }

    private static async Task AwaitSubscriptions(IActorRef eth, int expected)
    {
        var deadline = DateTime.UtcNow + AttachTimeout;
        while ((await eth.Ask<Eth.Info>(Eth.GetInfo.Instance, AttachTimeout)).Subscriptions.Count < expected)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the services on {eth.Path} did not subscribe within {AttachTimeout}");
            await Task.Delay(5);
        }
    }
}
