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
    private readonly IActorRef monitor;

    private AkkaNetKernel(ActorSystem system, IActorRef monitor)
    {
        NodeName = ((IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider).DefaultAddress.ToString();
        this.monitor = monitor;
    }

    /// <summary>This node's name: the address other Akka systems reach it at.</summary>
    public string NodeName { get; }

    /// <exception cref="ArgumentException">The system does not run Akka.Remote.</exception>
    public static AkkaNetKernel Start(ActorSystem system)
    {
        if (((ExtendedActorSystem)system).Provider is not IRemoteActorRefProvider)
            throw new ArgumentException($"{system.Name} does not run Akka.Remote: set akka.actor.provider = remote", nameof(system));
        return new AkkaNetKernel(system, system.ActorOf(Props.Create<AkkaNodeMonitor>(), AkkaNodeMonitor.Name));
    }

    /// <summary>net_kernel:connect_node/1 (net_adm:ping): true once the node answers, false when it does not in time.</summary>
    public Task<bool> ConnectNodeAsync(string node)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.Tell(new AkkaNodeMonitor.Connect(Address.Parse(node), done));
        return done.Task;
    }

    /// <summary>net_kernel:disconnect_node/1: nodedown with reason disconnect, and the association is dropped (not
    /// quarantined: a later connect_node finds the node again). False for a node that was not connected.</summary>
    public Task<bool> DisconnectNodeAsync(string node) =>
        monitor.Ask<bool>(new AkkaNodeMonitor.Disconnect(Address.Parse(node)), CallTimeout);

    /// <summary>nodes/0: the connected nodes.</summary>
    public Task<List<string>> NodesAsync() => monitor.Ask<List<string>>(AkkaNodeMonitor.GetNodes.Instance, CallTimeout);

    /// <summary>net_kernel:monitor_nodes/2: <paramref name="subscriber"/> gets <see cref="NodeUp"/> and <see cref="NodeDown"/>
    /// (Transport "akka"); completes once the subscription is in place.</summary>
    public Task MonitorNodesAsync(IActorRef subscriber, bool flag, MonitorNodesOptions? options = null) =>
        monitor.Ask<bool>(new AkkaNodeMonitor.Monitor(subscriber, flag, options ?? MonitorNodesOptions.Visible), CallTimeout);
}
