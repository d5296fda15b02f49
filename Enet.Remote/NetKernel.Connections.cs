using System.Net;
using System.Net.Sockets;
using Enet.Remote.Distribution;
using Enet.Remote.Epmd;
using Enet.Remote.Etf;
using Enet.Runtime.Actor;

namespace Enet.Remote;

/// <summary>Connections: accepting, connecting, nodeup/nodedown, allow lists and net_ticktime.</summary>
public sealed partial class NetKernel
{
    /// <summary>net_kernel:connect_node/1: true when connected (already or now), false otherwise.</summary>
    public Task<bool> ConnectNodeAsync(string node)
    {
        lock (_gate)
        {
            if (_connections.ContainsKey(node))
                return Task.FromResult(true);
            if (_connecting.TryGetValue(node, out var pending))
                return pending;
            var attempt = Task.Run(() => ConnectAsync(node));
            _connecting[node] = attempt;
            return attempt;
        }
    }

    /// <summary>erlang:disconnect_node/1: the peer and our subscribers see nodedown reason <c>disconnect</c>.</summary>
    public bool DisconnectNode(string node)
    {
        DistConnection? connection;
        lock (_gate)
            _connections.TryGetValue(node, out connection);
        connection?.Close("disconnect");
        return connection is not null;
    }

    /// <summary>erlang:nodes/0 (visible), nodes(hidden), nodes(connected).</summary>
    public IReadOnlyList<string> Nodes(NodeType? type = NodeType.Visible)
    {
        lock (_gate)
            return _connections.Values.Where(c => type is null || TypeOf(c) == type).Select(c => c.Peer.PeerName).ToList();
    }

    /// <summary>
    /// net_kernel:monitor_nodes(Flag, Options): <paramref name="subscriber"/> gets <see cref="NodeUp"/> and
    /// <see cref="NodeDown"/>; hidden nodes only with <see cref="MonitorNodesOptions.AllNodeTypes"/>.
    /// </summary>
    public void MonitorNodes(IActorRef subscriber, bool flag, MonitorNodesOptions? options = null)
    {
        options ??= MonitorNodesOptions.Visible;
        lock (_gate)
        {
            if (flag)
                _nodeMonitors.Add((subscriber, options));
            else
                _nodeMonitors.RemoveAll(m => ReferenceEquals(m.Subscriber, subscriber) && m.Options == options);
        }
    }

    /// <summary>
    /// net_kernel:allow/1: from the first call only the listed node names, host names or <c>"alive@"</c>
    /// prefixes may connect, both ways; additive. False (Erlang's <c>error</c>) for anything that is no name.
    /// </summary>
    public bool Allow(IEnumerable<string> nodes)
    {
        var list = nodes.ToList();
        if (list.Any(string.IsNullOrWhiteSpace))
            return false;
        lock (_gate)
        {
            _allow ??= new HashSet<string>(StringComparer.Ordinal);
            _allow.UnionWith(list);
        }
        return true;
    }

    public TimeSpan GetNetTicktime() => _netTicktime;

    /// <summary>
    /// net_kernel:set_net_ticktime/1: <c>unchanged</c> or <c>change_initiated</c>; the new value applies to
    /// connections made from now on (no transition period for existing ones).
    /// </summary>
    public string SetNetTicktime(TimeSpan ticktime)
    {
        if (ticktime == _netTicktime)
            return "unchanged";
        _netTicktime = ticktime;
        return "change_initiated";
    }

    private bool IsAllowed(string node)
    {
        lock (_gate)
        {
            if (_allow is null)
                return true;
            var at = node.IndexOf('@', StringComparison.Ordinal);
            return _allow.Contains(node) || (at > 0 && (_allow.Contains(node[(at + 1)..]) || _allow.Contains(node[..(at + 1)])));
        }
    }

    private async Task<bool> ConnectAsync(string node)
    {
        Socket? socket = null;
        try
        {
            if (node == NodeName)
                throw new HandshakeException("connecting to ourselves");
            if (!IsAllowed(node))
                throw new HandshakeException($"{node} is not allowed");
            var (alive, host) = SplitNodeName(node);
            var info = await new EpmdClient(host, Settings.EpmdPort).LookupAsync(alive, _stop.Token).ConfigureAwait(false)
                ?? throw new HandshakeException($"{alive} is not registered with EPMD on {host}");
            var address = (await Dns.GetHostAddressesAsync(host, _stop.Token).ConfigureAwait(false))
                .First(a => a.AddressFamily == AddressFamily.InterNetwork);
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(HandshakeTimeout);
            await socket.ConnectAsync(address, info.Port, timeout.Token).ConfigureAwait(false);
            var peer = await Handshake.InitiateAsync(new NetworkStream(socket, ownsSocket: false), LocalIdentity(), timeout.Token).ConfigureAwait(false);
            if (peer.PeerName != node)
                throw new HandshakeException($"{node} answered as {peer.PeerName}");
            Connected(socket, peer, outbound: true);
            return true;
        }
        catch (Exception e) when (e is HandshakeException or EpmdException or SocketException or IOException or OperationCanceledException or InvalidOperationException or ArgumentException)
        {
            socket?.Dispose();
            List<Action<DistConnection>>? dropped;
            lock (_gate)
            {
                _connecting.Remove(node);
                _pending.Remove(node, out dropped);
            }
            _system.EventStream.Publish(new AssociationErrorEvent(NodeName, node, IsInbound: false, e));
            return false;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => AcceptAsync(socket));
        }
    }

    private async Task AcceptAsync(Socket socket)
    {
        socket.NoDelay = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(HandshakeTimeout);
        try
        {
            var peer = await Handshake.AcceptAsync(new NetworkStream(socket, ownsSocket: false), LocalIdentity(), IsAllowed, timeout.Token).ConfigureAwait(false);
            Connected(socket, peer, outbound: false);
        }
        catch (Exception e) when (e is HandshakeException or SocketException or IOException or OperationCanceledException)
        {
            socket.Dispose();
            _system.EventStream.Publish(new AssociationErrorEvent(NodeName, "", IsInbound: true, e));
        }
    }

    private Handshake.Local LocalIdentity() =>
        new(NodeName, Creation, Cookie, DistributionFlags.Advertised | (Settings.Hidden ? 0 : DistributionFlags.Published));

    private void Connected(Socket socket, HandshakeResult peer, bool outbound)
    {
        var connection = new DistConnection(socket, peer, outbound, _netTicktime, OnControl, OnDown);
        DistConnection? replaced;
        List<Action<DistConnection>>? pending;
        lock (_gate)
        {
            _connections.Remove(peer.PeerName, out replaced);
            _connections[peer.PeerName] = connection;
            _connecting.Remove(peer.PeerName);
            _pending.Remove(peer.PeerName, out pending);
        }
        // Since OTP 23 the old connection's nodedown precedes the new one's nodeup (net_kernel ordering).
        replaced?.Close("disconnect");
        Notify(new NodeUp(peer.PeerName, TypeOf(connection)));
        _system.EventStream.Publish(new AssociatedEvent(NodeName, peer.PeerName, !outbound));
        connection.Start();
        foreach (var send in pending ?? [])
            send(connection);
    }

    private void OnDown(DistConnection connection, string reason)
    {
        var node = connection.Peer.PeerName;
        lock (_gate)
        {
            if (_connections.TryGetValue(node, out var current) && ReferenceEquals(current, connection))
                _connections.Remove(node);
        }
        var noconnection = new ErlAtom("noconnection");
        foreach (var (reference, (watcher, target)) in _outboundMonitors.Where(m => m.Value.Target.Node == node).ToList())
            if (_outboundMonitors.TryRemove(reference, out _))
                watcher.Tell(new RemoteProcessDown(target, reference, noconnection), ActorRefs.NoSender);
        foreach (var key in _inboundMonitors.Keys.Where(k => k.Node == node).ToList())
            if (_inboundMonitors.TryRemove(key, out var watcher))
                _system.Stop(watcher);
        foreach (var key in _links.Keys.Where(k => k.Remote.Node.Name == node).ToList())
        {
            if (_links.TryRemove(key, out var watcher))
            {
                _system.Stop(watcher);
                if (_actorsByPid.TryGetValue(key.Local, out var actor))
                    actor.Tell(new ExitSignal(Remote(key.Remote), noconnection), ActorRefs.NoSender);
            }
        }
        Notify(new NodeDown(node, TypeOf(connection), reason));
        _system.EventStream.Publish(new DisassociatedEvent(NodeName, node, !connection.IsOutbound, reason));
    }

    private void Notify(object nodeEvent)
    {
        var hidden = nodeEvent is NodeUp { NodeType: NodeType.Hidden } or NodeDown { NodeType: NodeType.Hidden };
        List<IActorRef> subscribers;
        lock (_gate)
            subscribers = _nodeMonitors.Where(m => !hidden || m.Options.AllNodeTypes).Select(m => m.Subscriber).ToList();
        foreach (var subscriber in subscribers)
            subscriber.Tell(nodeEvent, ActorRefs.NoSender);
    }

    private static NodeType TypeOf(DistConnection connection) => connection.Peer.PeerIsHidden ? NodeType.Hidden : NodeType.Visible;
}
