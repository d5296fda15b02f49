using System.Net;
using System.Net.Sockets;
using Enet.Remote.Distribution;
using Enet.Remote.Epmd;
using Enet.Remote.Etf;
using Akka.Actor;

namespace Enet.Remote;

/// <summary>Connections: accepting, connecting, nodeup/nodedown, allow lists and net_ticktime.</summary>
public sealed partial class NetKernel
{
    /// <summary>net_kernel:connect_node/1: true when connected (already or now), false otherwise.</summary>
    public Task<bool> ConnectNodeAsync(string node)
    {
        // An explicit connect lifts dist_auto_connect once's bar for this node.
        lock (_gate)
            _autoConnectBarred.Remove(node);
        return Connect(node);
    }

    private Task<bool> Connect(string node)
    {
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
                return Task.FromResult(false);
            if (_connections.ContainsKey(node))
                return Task.FromResult(true);
            if (_connecting.TryGetValue(node, out var pending))
                return pending.Task;
            var attempt = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _connecting[node] = attempt;
            // Counted from here, not from when the task starts: a caller that saw connect_node return reads it.
            Interlocked.Increment(ref _handshakesInProgress);
            _ = Task.Run(() => ConnectAsync(node, attempt));
            return attempt.Task;
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

    /// <summary>
    /// erlang:nodes/1: <see cref="NodeType.Visible"/> (nodes/0), <see cref="NodeType.Hidden"/>, or null for
    /// <c>connected</c> (both kinds, and nodes a connection is being set up to, as OTP counts them).
    /// </summary>
    public IReadOnlyList<string> Nodes(NodeType? type = NodeType.Visible)
    {
        lock (_gate)
        {
            var up = _connections.Values.Where(c => type is null || TypeOf(c) == type).Select(c => c.Peer.PeerName);
            return type is null ? up.Concat(_connecting.Keys.Where(n => !_connections.ContainsKey(n))).ToList() : up.ToList();
        }
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

    /// <summary>net_kernel:get_net_ticktime/0: the ticktime, or the target while a change is under way.</summary>
    public NetTicktime GetNetTicktime()
    {
        lock (_gate)
            return _ticktimeTarget is { } target ? new NetTicktime(NetTicktime.OngoingChangeTo, target) : new NetTicktime(NetTicktime.Unchanged, _netTicktime);
    }

    /// <summary>
    /// net_kernel:set_net_ticktime/2: <c>unchanged</c> when <paramref name="ticktime"/> is the current value,
    /// <c>{ongoing_change_to, T}</c> while an earlier change is still in its transition, else
    /// <c>change_initiated</c>. During <paramref name="transitionPeriod"/> every connection ticks and counts
    /// silence on the shorter of old and new ticktime, so neither side drops the other while the cluster
    /// changes over (net_kernel "set_net_ticktime/2"); then the new value applies.
    /// </summary>
    public NetTicktime SetNetTicktime(TimeSpan ticktime, TimeSpan transitionPeriod)
    {
        if (ticktime <= TimeSpan.Zero || transitionPeriod < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ticktime), "net_ticktime and the transition period must be positive");
        DistConnection[] open;
        lock (_gate)
        {
            if (_ticktimeTarget is { } target)
                return new NetTicktime(NetTicktime.OngoingChangeTo, target);
            if (ticktime == _netTicktime)
                return new NetTicktime(NetTicktime.Unchanged, ticktime);
            _ticktimeTarget = ticktime;
            open = [.. _connections.Values];
        }
        var transition = ticktime < _netTicktime ? ticktime : _netTicktime;
        foreach (var connection in open)
            connection.ChangeTicktime(transition);
        _ = Task.Delay(transitionPeriod, _stop.Token).ContinueWith(_ =>
        {
            DistConnection[] now;
            lock (_gate)
            {
                _netTicktime = ticktime;
                _ticktimeTarget = null;
                now = [.. _connections.Values];
            }
            foreach (var connection in now)
                connection.ChangeTicktime(ticktime);
        }, TaskScheduler.Default);
        return new NetTicktime(NetTicktime.ChangeInitiated, ticktime);
    }

    /// <summary>
    /// The send_status an acceptor answers a connecting <paramref name="peer"/> with (dist_util / net_kernel
    /// accept_pending): <c>not_allowed</c> outside the allow list; <c>alive</c> when a connection to that name
    /// is up; on a simultaneous connect the greater node name keeps its own attempt, so the smaller one answers
    /// <c>ok_simultaneous</c> and the greater <c>nok</c>; otherwise <c>ok</c>.
    /// </summary>
    internal string AcceptStatus(string peer)
    {
        if (!IsAllowed(peer))
            return "not_allowed";
        lock (_gate)
        {
            // A second handshake from a node whose first is still running (dist_util already_pending).
            if (!_accepting.Add(peer))
                return "nok";
            if (_connections.ContainsKey(peer))
                return "alive";
            if (_connecting.ContainsKey(peer))
            {
                var status = SimultaneousConnectStatus(NodeName, peer);
                if (status == "nok")
                    _accepting.Remove(peer);
                return status;
            }
            // The accepted handshake is this node's pending connection: a connect_node meanwhile waits for it
            // instead of dialling a second one (net_kernel marks the node pending on accept).
            _connecting[peer] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return "ok";
        }
    }

    /// <summary>OTP compares the node atoms (code point order): <c>MyNode &gt; Node</c> answers <c>nok</c>.</summary>
    public static string SimultaneousConnectStatus(string self, string peer) =>
        string.CompareOrdinal(self, peer) > 0 ? "nok" : "ok_simultaneous";

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

    private async Task ConnectAsync(string node, TaskCompletionSource<bool> attempt)
    {
        try
        {
            await DialAsync(node, attempt).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _handshakesInProgress);
        }
    }

    private async Task DialAsync(string node, TaskCompletionSource<bool> attempt)
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
            timeout.CancelAfter(Settings.SetupTime);
            await socket.ConnectAsync(address, info.Port, timeout.Token).ConfigureAwait(false);
            var peer = await Handshake.InitiateAsync(new NetworkStream(socket, ownsSocket: false), LocalIdentity(), timeout.Token, () =>
            {
                // A connection the peer made to us (accepted with ok_simultaneous, or already up) supersedes ours.
                lock (_gate)
                    return !_connections.ContainsKey(node) && !_accepting.Contains(node);
            }).ConfigureAwait(false);
            if (peer.PeerName != node)
                throw new HandshakeException($"{node} answered as {peer.PeerName}");
            Connected(socket, peer, outbound: true);
        }
        catch (HandshakeException e) when (e.Reason == "nok")
        {
            // Simultaneous connect and the peer's attempt wins: ours is dropped and the connection it is
            // setting up to us answers this connect_node (or the attempt fails after the handshake timeout).
            socket?.Dispose();
            _ = Task.Delay(Settings.SetupTime).ContinueWith(_ => FailAttempt(node, attempt, e), TaskScheduler.Default);
        }
        catch (Exception e) when (e is HandshakeException or EpmdException or SocketException or IOException or OperationCanceledException or InvalidOperationException or ArgumentException)
        {
            socket?.Dispose();
            FailAttempt(node, attempt, e);
        }
    }

    private void FailAttempt(string node, TaskCompletionSource<bool> attempt, Exception cause, bool publish = true)
    {
        lock (_gate)
        {
            if (attempt.Task.IsCompleted)
                return;
            if (_connecting.TryGetValue(node, out var current) && ReferenceEquals(current, attempt))
            {
                _connecting.Remove(node);
                _pending.Remove(node);
            }
        }
        if (publish)
            _system.EventStream.Publish(new AssociationErrorEvent(NodeName, node, IsInbound: false, cause));
        attempt.TrySetResult(false);
    }

    private long _refusedConnections;
    private long _handshakesInProgress;

    /// <summary>
    /// Handshakes running, both ways: an outbound one from connect_node until it is connected or failed, an
    /// inbound one from accept until then. A nodeup is told before its handshake stops counting, so once both
    /// ends of every handshake read 0 every nodeup they caused has been told.
    /// </summary>
    internal long HandshakesInProgress => Interlocked.Read(ref _handshakesInProgress);

    /// <summary>The connection to <paramref name="node"/> while it is up, for its queue and busy counters.</summary>
    internal DistConnection? ConnectionTo(string node)
    {
        lock (_gate)
            return _connections.GetValueOrDefault(node);
    }

    /// <summary>Accepts on the distribution listener that failed (out of descriptors, say) and were retried.</summary>
    public long AcceptFailures => _acceptLoop.Failures;

    /// <summary>Inbound connections closed before the end of the handshake: malformed or truncated messages, a wrong
    /// digest, a refused name, or nothing within <see cref="NetKernelSettings.SetupTime"/>.</summary>
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    private async Task AcceptAsync(Socket socket)
    {
        Interlocked.Increment(ref _handshakesInProgress);
        try
        {
            await AcceptHandshakeAsync(socket).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _handshakesInProgress);
        }
    }

    private async Task AcceptHandshakeAsync(Socket socket)
    {
        socket.NoDelay = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(Settings.SetupTime);
        string? claimed = null;
        try
        {
            var peer = await Handshake.AcceptAsync(new NetworkStream(socket, ownsSocket: false), LocalIdentity(), name =>
            {
                var status = AcceptStatus(name);
                if (status is "ok" or "ok_simultaneous" or "alive")
                    claimed = name;
                return status;
            }, timeout.Token).ConfigureAwait(false);
            Connected(socket, peer, outbound: false);
        }
        catch (Exception e) when (e is HandshakeException or SocketException or IOException or OperationCanceledException)
        {
            // Forget the pending connection before closing the socket: the peer learns of the failure only
            // from the close, and by then nodes(connected) must no longer list it.
            if (claimed is not null)
            {
                TaskCompletionSource<bool>? pending;
                lock (_gate)
                {
                    _accepting.Remove(claimed);
                    _connecting.TryGetValue(claimed, out pending);
                }
                if (pending is not null)
                    FailAttempt(claimed, pending, e, publish: false);
            }
            socket.Dispose();
            Interlocked.Increment(ref _refusedConnections);
            _system.EventStream.Publish(new AssociationErrorEvent(NodeName, claimed ?? "", IsInbound: true, e));
        }
    }

    private Handshake.Local LocalIdentity() =>
        new(NodeName, Creation, Cookie, DistributionFlags.Advertised | (Settings.Hidden ? 0 : DistributionFlags.Published));

    private void Connected(Socket socket, HandshakeResult peer, bool outbound)
    {
        DistConnection connection;
        DistConnection? replaced;
        List<Action<DistConnection>>? pending;
        TaskCompletionSource<bool>? attempt;
        lock (_gate)
        {
            connection = new DistConnection(socket, peer, outbound, _ticktimeTarget is { } t && t < _netTicktime ? t : _netTicktime,
                Settings.DistBufBusyLimit, OnControl, OnDown);
            _connections.Remove(peer.PeerName, out replaced);
            _connections[peer.PeerName] = connection;
            _connecting.Remove(peer.PeerName, out attempt);
            _pending.Remove(peer.PeerName, out pending);
            if (!outbound)
                _accepting.Remove(peer.PeerName);
            // Inside the lock: a send that finds the connection from now on must not overtake queued ones.
            foreach (var send in pending ?? [])
                send(connection);
        }
        // Since OTP 23 the old connection's nodedown precedes the new one's nodeup (net_kernel ordering).
        replaced?.Close("disconnect");
        Notify(new NodeUp(peer.PeerName, TypeOf(connection)));
        _system.EventStream.Publish(new AssociatedEvent(NodeName, peer.PeerName, !outbound));
        connection.Start();
        attempt?.TrySetResult(true);
    }

    private void OnDown(DistConnection connection, string reason)
    {
        var node = connection.Peer.PeerName;
        lock (_gate)
        {
            if (_connections.TryGetValue(node, out var current) && ReferenceEquals(current, connection))
                _connections.Remove(node);
            if (Settings.AutoConnect == DistAutoConnect.Once)
                _autoConnectBarred.Add(node);
        }
        foreach (var reference in _outboundMonitors.Where(m => m.Value.Target.Node == node).Select(m => m.Key).ToList())
            MonitorFired(reference, NoConnection, nodeDown: true);
        foreach (var key in _inboundMonitors.Keys.Where(k => k.Node == node).ToList())
            if (_inboundMonitors.TryRemove(key, out var watcher))
                _system.Stop(watcher);
        foreach (var key in _links.Keys.Where(k => k.Remote.Node.Name == node).ToList())
        {
            if (_links.TryRemove(key, out var watcher))
            {
                _system.Stop(watcher);
                if (_actorsByPid.TryGetValue(key.Local, out var actor))
                    actor.Tell(new ExitSignal(Remote(key.Remote), NoConnection), ActorRefs.NoSender);
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
