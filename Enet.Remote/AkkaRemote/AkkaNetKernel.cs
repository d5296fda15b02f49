using Akka.Actor;
using Akka.Remote;

namespace Enet.Remote.AkkaRemote;

/// <summary>
/// net_kernel over Akka.Remote, between Enet nodes and any Akka.NET system: the same calls as
/// <see cref="NetKernel"/> (connect_node, disconnect_node, nodes, monitor_nodes) where a node is named by its Akka
/// address (<c>akka.tcp://enet@127.0.0.1:25520</c>). Remote refs and DeathWatch across nodes are Akka.Remote's own.
/// The system must run with <c>akka.actor.provider = remote</c>.
/// </summary>
public sealed class AkkaNetKernel
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectCallTimeout = TimeSpan.FromSeconds(10);
    private readonly IActorRef monitor;
    private int stopped;

    private AkkaNetKernel(ActorSystem system, IActorRef monitor)
    {
        NodeName = ((IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider).DefaultAddress.ToString();
        this.monitor = monitor;
    }

    /// <summary>This node's name: the address other Akka systems reach it at.</summary>
    public string NodeName { get; }

    /// <summary>net_kernel:start/1 over Akka.Remote. <paramref name="allow"/> is net_kernel:allow/1 at start: Akka
    /// addresses (<c>akka.tcp://enet@127.0.0.1:25520</c>) or hosts, added to enet.remote.allow (which the transport
    /// enforces from system start, see <see cref="AllowGate"/>); null adds none.</summary>
    /// <exception cref="ArgumentException">The system does not run Akka.Remote.</exception>
    public static AkkaNetKernel Start(ActorSystem system, IReadOnlyList<string>? allow = null)
    {
        if (((ExtendedActorSystem)system).Provider is not IRemoteActorRefProvider)
            throw new ArgumentException($"{system.Name} does not run Akka.Remote: set akka.actor.provider = remote", nameof(system));
        if (allow is not null)
            AkkaAllowList.Get(system).Allow(allow);
        return new AkkaNetKernel(system, system.ActorOf(Props.Create(() => new AkkaNodeMonitor()), AkkaNodeMonitor.Name));
    }

    /// <summary>net_kernel:connect_node/1 (net_adm:ping): true once the node answers, false when it does not in time,
    /// is not allowed, or the kernel stopped.</summary>
    public async Task<bool> ConnectNodeAsync(string node)
    {
        if (!TryParseNode(node, out var address) || Volatile.Read(ref stopped) != 0)
            return false;
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.Tell(new AkkaNodeMonitor.Connect(address, done));
        try
        {
            // The kernel answers every connect within net_setuptime; a kernel that stopped meanwhile never does.
            return await done.Task.WaitAsync(ConnectCallTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>net_kernel:disconnect_node/1: nodedown with reason disconnect, and the association is dropped (not
    /// quarantined: a later connect_node finds the node again). False for a node that was not connected.</summary>
    public Task<bool> DisconnectNodeAsync(string node) =>
        TryParseNode(node, out var address) && Volatile.Read(ref stopped) == 0
            ? monitor.Ask<bool>(new AkkaNodeMonitor.Disconnect(address), CallTimeout)
            : Task.FromResult(false);

    /// <summary>nodes/0: the connected nodes.</summary>
    public Task<List<string>> NodesAsync() =>
        Volatile.Read(ref stopped) == 0 ? monitor.Ask<List<string>>(AkkaNodeMonitor.GetNodes.Instance, CallTimeout) : Task.FromResult(new List<string>());

    /// <summary>net_kernel:monitor_nodes/2: <paramref name="subscriber"/> gets <see cref="NodeUp"/> and <see cref="NodeDown"/>
    /// (Transport "akka"); completes once the subscription is in place.</summary>
    public Task MonitorNodesAsync(IActorRef subscriber, bool flag, MonitorNodesOptions? options = null) =>
        Volatile.Read(ref stopped) == 0
            ? monitor.Ask<bool>(new AkkaNodeMonitor.Monitor(subscriber, flag, options ?? MonitorNodesOptions.Visible), CallTimeout)
            : Task.CompletedTask;

    /// <summary>net_kernel:allow/1: from the first call only these nodes (Akka addresses or hosts) may connect, both
    /// ways; additive. The transport refuses a node outside the list before any of its messages reaches an actor
    /// (<see cref="AllowGate"/>). False (ignored) once the kernel stopped.</summary>
    public Task<bool> AllowAsync(IEnumerable<string> nodes) =>
        Volatile.Read(ref stopped) == 0 ? monitor.Ask<bool>(new AkkaNodeMonitor.Allow([.. nodes]), CallTimeout) : Task.FromResult(false);

    /// <summary>net_kernel:stop/0: every node goes down (net_kernel_terminated) and its association is dropped; completes
    /// when they are.</summary>
    public Task StopAsync() =>
        Interlocked.Exchange(ref stopped, 1) == 0 ? monitor.Ask<bool>(AkkaNodeMonitor.Stop.Instance, CallTimeout) : Task.CompletedTask;

    /// <summary>A node is a remote system's full address: protocol, system, host and port. Anything else no one can
    /// reach (net_kernel answers false; Akka's own refs would throw on an address without a host).</summary>
    private static bool TryParseNode(string node, out Address address) =>
        Address.TryParse(node, out address!) && address.Host is not null && address.Port is not null;
}
