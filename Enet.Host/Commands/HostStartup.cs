using Enet.Actors.Hosting;
using Akka.Actor;
using Enet.Tap;

namespace Enet.Host.Commands;

/// <summary>Starts configured hosts for `enet run` and `enet ping`, and says in one line why a start failed.</summary>
internal static class HostStartup
{
    private const int EPERM = 1;
    private const int EBUSY = 16;
    private const int EACCES = 13;

    /// <summary>Observer services beyond arp and icmp, by the name `services` lists them under.</summary>
    public static IReadOnlyDictionary<string, ObserverFactory> Observers { get; } = DiagnosticServices.All;

    /// <summary>How long a start waits for each remote segment's first peer (see <see cref="LinkFactory.WaitForRemotePeersAsync"/>).</summary>
    public static readonly TimeSpan RemotePeerWait = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<RunningHost>> StartAsync(ActorSystem system, LinkFactory links, IReadOnlyList<HostSettings> hosts)
    {
        var running = new List<RunningHost>();
        foreach (var host in hosts)
            running.Add(await HostStarter.StartAsync(system, host, s => links.InterfaceProps(s, host.SubscriberQueue), Observers));
        // A remote segment whose peers already run is up within one association: wait for it, so the first ARP
        // request does not sit in a queue while the peer is looked for. A peer not running yet costs the wait once.
        await links.WaitForRemotePeersAsync(RemotePeerWait);
        return running;
    }

    /// <summary>True when <paramref name="e"/> is a failure a user can act on (written as one line to
    /// <paramref name="error"/>, <paramref name="isConfigError"/> telling a bad configuration from a link that
    /// would not open); false for a bug, which should surface as such.</summary>
    public static bool TryExplain(Exception e, string verb, TextWriter error, out bool isConfigError)
    {
        isConfigError = e is ArgumentException;
        var reason = e switch
        {
            TapException { Errno: EPERM or EACCES } => $"opening a TAP device needs root (or CAP_NET_ADMIN): {e.Message}",
            TapException { Errno: EBUSY } => $"{e.Message}: another process has the device open",
            TapException or IOException or ArgumentException or InvalidOperationException or TimeoutException => e.Message,
            _ => null,
        };
        if (reason is null)
            return false;
        error.WriteLine($"enet {verb}: {reason.ReplaceLineEndings(" ")}");
        return true;
    }
}
