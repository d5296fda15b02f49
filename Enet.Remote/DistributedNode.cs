using Akka.Actor;
using Akka.Remote;
using Enet.Remote.AkkaRemote;

namespace Enet.Remote;

/// <summary>
/// This actor system as a distributed node: net_kernel's API (start/stop, connect_node, disconnect_node, nodes,
/// monitor_nodes, allow, net_ticktime, dist_auto_connect) over both transports, whatever carries the peer.
/// </summary>
/// <remarks>
/// <para>Node names say the transport: a name with <c>://</c> is an Akka.Remote address
/// (<c>akka.tcp://enet@127.0.0.1:25520</c>, any protocol the system's remoting speaks) and goes over Akka.Remote;
/// any other name is an Erlang node name (<c>alive@host</c>) and goes over the Erlang distribution. Erlang node names
/// have no <c>://</c> (erl takes <c>[0-9A-Za-z_-]</c> before the @ and a host name after it), so no name is both.</para>
/// <para>Events carry the transport (<see cref="NodeUp.Transport"/>: <c>erlang</c> or <c>akka</c>) beside the
/// node_type. Akka.Remote has no hidden nodes: its peers are <see cref="NodeType.Visible"/>.</para>
/// <para>net_ticktime over Akka.Remote is the watch failure detector, which Akka takes at system start
/// (enet.remote.net-ticktime); set_net_ticktime changes the Erlang transport's. dist_auto_connect governs the
/// Erlang transport: Akka.Remote associates on any send, as <see cref="DistAutoConnect.Always"/>.</para>
/// </remarks>
public sealed class DistributedNode : IAsyncDisposable
{
    private int stopped;

    private DistributedNode(NetKernelSettings settings, NetKernel? erlang, AkkaNetKernel? akka)
    {
        Settings = settings;
        ErlangKernel = erlang;
        AkkaKernel = akka;
    }

    public NetKernelSettings Settings { get; }

    /// <summary>The Erlang distribution transport (EPMD, handshake, ETF); null when not started.</summary>
    public NetKernel? ErlangKernel { get; }

    /// <summary>The Akka.Remote transport; null when the system does not run Akka.Remote.</summary>
    public AkkaNetKernel? AkkaKernel { get; }

    /// <summary>The names peers reach this node by: its Erlang node name and its Akka address, as started.</summary>
    public IReadOnlyList<string> NodeNames => [.. new[] { ErlangKernel?.NodeName, AkkaKernel?.NodeName }.OfType<string>()];

    /// <summary>The transport a node name goes over: Akka.Remote for a name with <c>://</c>.</summary>
    public static bool IsAkkaAddress(string node) => node.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// net_kernel:start/1: Akka.Remote's kernel when the system runs it (<c>akka.actor.provider = remote</c>), and the
    /// Erlang distribution unless <paramref name="erlang"/> is false. <see cref="NetKernelSettings.Allow"/> applies to both.
    /// </summary>
    /// <exception cref="ArgumentException">Neither transport would run.</exception>
    public static async Task<DistributedNode> StartAsync(ActorSystem system, NetKernelSettings settings, bool erlang = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        var remoting = ((ExtendedActorSystem)system).Provider is IRemoteActorRefProvider;
        if (!remoting && !erlang)
            throw new ArgumentException($"{system.Name} does not run Akka.Remote (akka.actor.provider = remote) and the Erlang distribution is off: no transport", nameof(system));
        var erlangKernel = erlang ? await NetKernel.StartAsync(system, settings, cancellationToken).ConfigureAwait(false) : null;
        return new DistributedNode(settings, erlangKernel, remoting ? AkkaNetKernel.Start(system, settings.Allow) : null);
    }

    /// <summary>net_kernel:connect_node/1: false for a node no started transport reaches.</summary>
    public Task<bool> ConnectNodeAsync(string node) =>
        IsAkkaAddress(node)
            ? AkkaKernel?.ConnectNodeAsync(node) ?? Task.FromResult(false)
            : ErlangKernel?.ConnectNodeAsync(node) ?? Task.FromResult(false);

    /// <summary>erlang:disconnect_node/1: nodedown <c>disconnect</c> here, <c>connection_closed</c> at the peer.</summary>
    public Task<bool> DisconnectNodeAsync(string node) =>
        IsAkkaAddress(node)
            ? AkkaKernel?.DisconnectNodeAsync(node) ?? Task.FromResult(false)
            : Task.FromResult(ErlangKernel?.DisconnectNode(node) ?? false);

    /// <summary>erlang:nodes/1 over both transports: <see cref="NodeType.Visible"/> (nodes/0), <see cref="NodeType.Hidden"/>,
    /// or null for every connected node.</summary>
    public async Task<IReadOnlyList<string>> NodesAsync(NodeType? type = NodeType.Visible)
    {
        var erlangNodes = ErlangKernel?.Nodes(type) ?? [];
        var akkaNodes = AkkaKernel is not null && type is null or NodeType.Visible ? await AkkaKernel.NodesAsync().ConfigureAwait(false) : [];
        return [.. erlangNodes, .. akkaNodes];
    }

    /// <summary>net_kernel:monitor_nodes/2 on both transports; completes once the subscription is in place.</summary>
    public async Task MonitorNodesAsync(IActorRef subscriber, bool flag, MonitorNodesOptions? options = null)
    {
        ErlangKernel?.MonitorNodes(subscriber, flag, options);
        if (AkkaKernel is not null)
            await AkkaKernel.MonitorNodesAsync(subscriber, flag, options).ConfigureAwait(false);
    }

    /// <summary>
    /// net_kernel:allow/1 on both transports: from the first call only the listed nodes connect, whichever transport
    /// they use (Erlang names, hosts or <c>alive@</c> prefixes; Akka addresses or hosts). Additive; false (Erlang's
    /// <c>error</c>) for anything that is no name.
    /// </summary>
    public async Task<bool> AllowAsync(IEnumerable<string> nodes)
    {
        var list = nodes.ToList();
        if (list.Any(string.IsNullOrWhiteSpace))
            return false;
        ErlangKernel?.Allow(list);
        return AkkaKernel is null || await AkkaKernel.AllowAsync(list).ConfigureAwait(false);
    }

    /// <summary>net_kernel:get_net_ticktime/0.</summary>
    public NetTicktime GetNetTicktime() => ErlangKernel?.GetNetTicktime() ?? new NetTicktime(NetTicktime.Unchanged, Settings.NetTicktime);

    /// <summary>net_kernel:set_net_ticktime/2 for the Erlang transport (Akka.Remote's is fixed at system start).</summary>
    /// <exception cref="NotSupportedException">The node runs Akka.Remote alone.</exception>
    public NetTicktime SetNetTicktime(TimeSpan ticktime, TimeSpan transitionPeriod) =>
        ErlangKernel?.SetNetTicktime(ticktime, transitionPeriod)
        ?? throw new NotSupportedException("Akka.Remote takes net_ticktime at system start: set enet.remote.net-ticktime");

    /// <summary>kernel dist_auto_connect of the Erlang transport; Akka.Remote always associates on send.</summary>
    public DistAutoConnect DistAutoConnect => Settings.AutoConnect;

    /// <summary>net_kernel:stop/0 on both transports: <c>ok</c>, <c>not_allowed</c> for a node started from
    /// configuration (not <see cref="NetKernelSettings.Dynamic"/>), <c>not_found</c> when already stopped.</summary>
    public async Task<string> StopAsync()
    {
        if (!Settings.Dynamic)
            return "not_allowed";
        if (Volatile.Read(ref stopped) != 0)
            return "not_found";
        await DisposeAsync().ConfigureAwait(false);
        return "ok";
    }

    /// <summary>Stops both transports whoever started the node (the host shutting down).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
            return;
        if (AkkaKernel is not null)
            await AkkaKernel.StopAsync().ConfigureAwait(false);
        if (ErlangKernel is not null)
            await ErlangKernel.DisposeAsync().ConfigureAwait(false);
    }
}
