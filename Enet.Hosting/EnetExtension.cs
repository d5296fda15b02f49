using System.Collections.Concurrent;
using Akka.Actor;
using Enet.Actors.Hosting;
using Enet.AkkaIo;
using Enet.Configuration;
using Enet.Tap;

namespace Enet;

/// <summary>
/// Enet inside an Akka application (<c>system.Enet()</c>): starts the hosts a configuration names under
/// <c>enet.hosts</c> (the keys, links and services of <c>enet run</c>) as actors of this system, and gives each
/// host's TCP and UDP managers, which speak Akka.IO's own <c>Tcp</c> and <c>Udp</c> messages.
/// </summary>
public sealed class EnetExtension : IExtension
{
    private readonly ActorSystem system;
    private readonly LinkFactory links;
    private readonly ConcurrentDictionary<string, StartedHost> hosts = new(StringComparer.Ordinal);

    public EnetExtension(ActorSystem system)
    {
        this.system = system;
        links = new LinkFactory { System = system };
        // The links (TAP devices, wires, pcap readers) close after the actors that use them.
        system.RegisterOnTermination(links.Dispose);
    }

    /// <summary>The names of the hosts started so far.</summary>
    public IReadOnlyCollection<string> Hosts => [.. hosts.Keys];

    /// <summary>Starts every host under <c>enet.hosts</c> of <paramref name="hocon"/> (read by Enet's HOCON reader, over
    /// reference.conf); completes when they are ready to receive frames.</summary>
    public Task StartHostsAsync(string hocon) => StartHostsAsync(ConfigurationFactory.ParseString(hocon));

    /// <summary>The same for a configuration Enet's reader has read.</summary>
    public Task StartHostsAsync(Config config) =>
        StartHostsAsync(HostSettingsReader.Read(new HoconConfigView(config.WithFallback(ConfigurationFactory.Default()))));

    /// <summary>The same for an Akka configuration: Akka has already parsed it, so Enet's reader takes its rendering.</summary>
    public Task StartHostsAsync(Akka.Configuration.Config config) => StartHostsAsync(config.Root.ToString());

    /// <summary>The running host <paramref name="host"/>: its host actor and each interface's stack.</summary>
    public RunningHost Host(string host) => Started(host).Running;

    /// <summary>Host <paramref name="host"/>'s TCP manager: Akka.IO's <c>Tcp.Connect</c> and <c>Tcp.Bind</c> go to it.</summary>
    public IActorRef Tcp(string host) => Started(host).Tcp;

    /// <summary>Host <paramref name="host"/>'s UDP manager: Akka.IO's <c>Udp.Bind</c> goes to it.</summary>
    public IActorRef Udp(string host) => Started(host).Udp;

    private async Task StartHostsAsync(IReadOnlyList<HostSettings> settings)
    {
        foreach (var host in settings)
        {
            if (hosts.ContainsKey(host.Name))
                throw new InvalidOperationException($"host {host.Name} is already running in {system.Name}");
            var running = await HostStarter.StartAsync(system, host, s => links.InterfaceProps(s, host.SubscriberQueue), DiagnosticServices.All);
            hosts[host.Name] = new StartedHost(running,
                system.ActorOf(IoTcpManager.Props(running), $"{host.Name}-akka-io-tcp"),
                system.ActorOf(IoUdpManager.Props(running), $"{host.Name}-akka-io-udp"));
        }
    }

    private StartedHost Started(string host) =>
        hosts.TryGetValue(host, out var started)
            ? started
            : throw new KeyNotFoundException($"no host {host} runs in {system.Name} (running: {string.Join(", ", hosts.Keys)})");

    private sealed record StartedHost(RunningHost Running, IActorRef Tcp, IActorRef Udp);
}
