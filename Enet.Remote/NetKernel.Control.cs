using Enet.Remote.Distribution;
using Enet.Remote.Etf;
using Akka.Actor;
using Akka.Dispatch.SysMsg;

namespace Enet.Remote;

/// <summary>Control messages (erl_dist_protocol "Control Messages") to and from actors.</summary>
public sealed partial class NetKernel
{
    private static readonly ErlAtom NetKernelName = new("net_kernel");
    private static readonly ErlAtom Normal = new("normal");
    private static readonly ErlAtom NoProc = new("noproc");
    private static readonly ErlAtom NoConnection = new("noconnection");

    private long _unhandledControl;
    private long _noSuspendDrops;

    /// <summary>Control messages dropped because Enet does not take part in them or they were malformed.</summary>
    public long UnhandledControlMessages => Interlocked.Read(ref _unhandledControl);

    /// <summary>
    /// erlang:monitor(process, Target) for an actor: <paramref name="watcher"/> gets
    /// <see cref="RemoteProcessDown"/> when the process exits or its node goes down.
    /// </summary>
    public ErlRef Monitor(IActorRef watcher, RemoteProcessRef target)
    {
        var reference = MakeRef();
        Monitor(watcher, target, reference, deathWatch: false);
        return reference;
    }

    /// <summary>
    /// Context.Watch on a remote ref (the runtime's Watch system message): a MONITOR_P for the watcher, whose
    /// MONITOR_P_EXIT, or the node going down, reaches the watcher as <see cref="Terminated"/>, after
    /// <see cref="RemoteProcessExit"/> with the Erlang reason (see <see cref="MonitorFired"/>). Watching twice is one monitor, as in DeathWatch.
    /// </summary>
    internal void Watch(IInternalActorRef watcher, RemoteProcessRef target)
    {
        var reference = MakeRef();
        if (_deathWatches.TryAdd((watcher, target), reference))
            Monitor(watcher, target, reference, deathWatch: true);
    }

    /// <summary>Context.Unwatch on a remote ref, or its watcher stopped: DEMONITOR_P.</summary>
    internal void Unwatch(IInternalActorRef watcher, RemoteProcessRef target)
    {
        if (_deathWatches.TryRemove((watcher, target), out var reference))
            Demonitor(reference);
    }

    private void Monitor(IActorRef watcher, RemoteProcessRef target, ErlRef reference, bool deathWatch)
    {
        _outboundMonitors[reference] = (watcher, target, deathWatch);
        var from = PidOf(watcher);
        // A node we cannot reach (dist_auto_connect never/once) is a monitor that fires at once (erlang:monitor/2).
        if (!SendControl(target.Node, _ => new ErlTuple(ControlTag.MonitorP, from, target.Target, reference)))
            MonitorFired(reference, NoConnection, nodeDown: true);
    }

    /// <summary>
    /// A monitor of ours ended: MONITOR_P_EXIT arrived (the process exited, or was never there: <c>noproc</c>), or
    /// the node went down (<c>noconnection</c>, erlang:monitor/2). A plain monitor gets
    /// <see cref="RemoteProcessDown"/>, a DeathWatch <see cref="Terminated"/> in Akka's shape: ExistenceConfirmed
    /// false for <c>noproc</c>, AddressTerminated true for a node that went down, preceded by <see cref="RemoteProcessExit"/>.
    /// </summary>
    private void MonitorFired(ErlRef reference, Term reason, bool nodeDown)
    {
        if (!_outboundMonitors.TryRemove(reference, out var monitor))
            return;
        if (!monitor.DeathWatch)
        {
            monitor.Watcher.Tell(new RemoteProcessDown(monitor.Target, reference, reason), ActorRefs.NoSender);
            return;
        }
        _deathWatches.TryRemove(KeyValuePair.Create((monitor.Watcher, monitor.Target), reference));
        // The reason goes first as a user message: the notification below is a system message, and the Terminated the
        // watcher's cell makes of it is queued behind the reason.
        monitor.Watcher.Tell(new RemoteProcessExit(monitor.Target, reason), ActorRefs.NoSender);
        ((IInternalActorRef)monitor.Watcher).SendSystemMessage(new DeathWatchNotification(
            monitor.Target, existenceConfirmed: !reason.Equals(NoProc), addressTerminated: nodeDown));
    }

    /// <summary>
    /// erlang:link/1 from an actor to an Erlang process: the actor gets <see cref="ExitSignal"/> when the
    /// process exits (or <c>noconnection</c> when its node goes down), and the process gets an exit signal
    /// with reason <c>normal</c> when the actor stops.
    /// </summary>
    public void Link(IActorRef actor, RemoteProcessRef target)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var remote = target.Pid ?? throw new ArgumentException("links are between pids; resolve the registered name first", nameof(target));
        var local = PidOf(actor);
        if (!_links.ContainsKey((remote, local)))
            _links[(remote, local)] = WatchLinked(actor, remote, local);
        if (!SendControl(target.Node, _ => new ErlTuple(ControlTag.Link, local, remote)) && _links.TryRemove((remote, local), out var watcher))
        {
            _system.Stop(watcher);
            actor.Tell(new ExitSignal(target, new ErlAtom("noconnection")), ActorRefs.NoSender);
        }
    }

    /// <summary>
    /// erlang:unlink/1 with the OTP 26 link protocol: UNLINK_ID with a fresh id; from now on exit signals from
    /// that process no longer count as link exits (the peer's UNLINK_ID_ACK needs no further action).
    /// </summary>
    public void Unlink(IActorRef actor, RemoteProcessRef target)
    {
        var remote = target.Pid ?? throw new ArgumentException("links are between pids", nameof(target));
        var local = PidOf(actor);
        if (_links.TryRemove((remote, local), out var watcher))
            _system.Stop(watcher);
        var id = new ErlInteger((ulong)Interlocked.Increment(ref _nextId));
        SendControl(target.Node, _ => new ErlTuple(ControlTag.UnlinkId, id, local, remote));
    }

    /// <summary>erlang:exit/2: an EXIT2 signal from <paramref name="from"/> to the process.</summary>
    public void Exit(IActorRef from, RemoteProcessRef target, Term reason)
    {
        var remote = target.Pid ?? throw new ArgumentException("exit signals go to pids", nameof(target));
        var local = PidOf(from);
        SendControl(target.Node, _ => new ErlTuple(ControlTag.Exit2, local, remote, reason));
    }

    /// <summary>erlang:demonitor/1.</summary>
    public void Demonitor(ErlRef reference)
    {
        if (_outboundMonitors.TryRemove(reference, out var monitor))
            SendControl(monitor.Target.Node, _ => new ErlTuple(ControlTag.DemonitorP, PidOf(monitor.Watcher), monitor.Target.Target, reference));
    }

    /// <summary>
    /// erlang:send_nosuspend/2: sends unless the node's connection is busy (its queue past
    /// <see cref="NetKernelSettings.DistBufBusyLimit"/>) or not yet up, in which case the message is dropped,
    /// counted in <see cref="NoSuspendDrops"/>, and the answer is false.
    /// </summary>
    public bool SendNoSuspend(RemoteProcessRef target, object message, IActorRef sender)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (SendToRemote(target, TermMapping.ToTerm(message), sender, SendMode.NoSuspend))
            return true;
        Interlocked.Increment(ref _noSuspendDrops);
        return false;
    }

    /// <summary>Messages <see cref="SendNoSuspend"/> dropped because the connection was busy or not up.</summary>
    public long NoSuspendDrops => Interlocked.Read(ref _noSuspendDrops);

    /// <summary>
    /// A message to a remote process. <see cref="RemoteProcessRef.Tell"/> sends with
    /// <see cref="SendMode.Suspend"/>: on a busy connection the sending thread (the sending actor) waits, as OTP
    /// suspends a process sending on a busy distribution channel (erl(1) +zdbbl). An actor cannot be suspended
    /// between two statements any other way: queuing regardless would buffer without bound, dropping would break
    /// the delivery guarantee a connected node gives (messages arrive, in order, while the connection lives).
    /// </summary>
    internal bool SendToRemote(RemoteProcessRef target, Term message, IActorRef sender, SendMode mode = SendMode.Suspend)
    {
        // No sender (null in Akka), Nobody and dead letters all mean "nobody to answer".
        var from = sender.IsNobody() ? null : PidOf(sender);
        return SendControl(target.Node, connection =>
        {
            if (target.NameAtom is { } name)
                return new ErlTuple(ControlTag.RegSend, from ?? PidOf(ActorRefs.Nobody), ErlAtom.Empty, name);
            // SEND_SENDER tells the receiver who sent; without it SEND carries '' (erl_dist_protocol).
            return from is not null && (connection.Peer.NegotiatedFlags & DistributionFlags.SendSender) != 0
                ? new ErlTuple(ControlTag.SendSender, from, target.Pid!)
                : new ErlTuple(ControlTag.Send, ErlAtom.Empty, target.Pid!);
        }, message, mode);
    }

    /// <summary>
    /// Sends on the node's connection, connecting first (dist_auto_connect); false when the signal is dropped
    /// because the node is not connected and may not be auto-connected (or, per <paramref name="mode"/>, the
    /// connection is busy or not up). A forced signal sent while the connection is being set up waits in the
    /// node's pending list and goes out, in order, when it comes up; those are the node's own few control
    /// signals. A suspending sender instead waits for the connection itself, so what a sender may buffer stays
    /// bounded by the busy limit from its first message on.
    /// </summary>
    private bool SendControl(string node, Func<DistConnection, Term> control, Term? message = null, SendMode mode = SendMode.Force)
    {
        while (true)
        {
            DistConnection? connection;
            lock (_gate)
            {
                if (!_connections.TryGetValue(node, out connection))
                {
                    if (!_connecting.ContainsKey(node)
                        && (Settings.AutoConnect == DistAutoConnect.Never || _autoConnectBarred.Contains(node) || _stop.IsCancellationRequested))
                        return false;
                    if (mode == SendMode.Force)
                    {
                        if (!_pending.TryGetValue(node, out var queue))
                            _pending[node] = queue = [];
                        queue.Add(c => c.Send(control(c), message));
                    }
                }
            }
            if (connection is not null)
                return connection.Send(control(connection), message, mode);
            var attempt = Connect(node);
            if (mode == SendMode.Force)
                return true;
            if (mode == SendMode.NoSuspend || !attempt.GetAwaiter().GetResult())
                return false;
        }
    }

    private void OnControl(DistConnection connection, Term control, Term? message)
    {
        if (control is not ErlTuple { Arity: >= 1 } tuple || tuple[0] is not ErlInteger tagTerm)
        {
            connection.Close("killed");
            return;
        }
        var tag = (int)tagTerm.Value;
        switch (tag)
        {
            case ControlTag.Send or ControlTag.SendTT when tuple.Arity >= 3 && message is not null:
                Deliver(tuple[2], message, from: null);
                break;
            case ControlTag.SendSender or ControlTag.SendSenderTT when tuple.Arity >= 3 && message is not null:
                Deliver(tuple[2], message, tuple[1] as ErlPid);
                break;
            case ControlTag.RegSend or ControlTag.RegSendTT when tuple.Arity >= 4 && message is not null:
                if (tuple[3].Equals(NetKernelName))
                    NetKernelCall(connection, message);
                else
                    Deliver(tuple[3], message, tuple[1] as ErlPid);
                break;
            case ControlTag.MonitorP when tuple.Arity >= 4 && tuple[1] is ErlPid from && tuple[3] is ErlRef reference:
                MonitoredBy(connection, from, tuple[2], reference);
                break;
            case ControlTag.DemonitorP when tuple.Arity >= 4 && tuple[3] is ErlRef reference:
                if (_inboundMonitors.TryRemove((connection.Peer.PeerName, reference), out var watcher))
                    _system.Stop(watcher);
                break;
            case ControlTag.MonitorPExit when tuple.Arity >= 5 && tuple[3] is ErlRef reference:
                MonitorFired(reference, tuple[4], nodeDown: false);
                break;
            case ControlTag.Link when tuple.Arity >= 3 && tuple[1] is ErlPid from && tuple[2] is ErlPid to:
                LinkedBy(connection, from, to);
                break;
            case ControlTag.Unlink when tuple.Arity >= 3 && tuple[1] is ErlPid from && tuple[2] is ErlPid to:
                Unlinked(from, to);
                break;
            case ControlTag.UnlinkId when tuple.Arity >= 4 && tuple[2] is ErlPid from && tuple[3] is ErlPid to:
                Unlinked(from, to);
                // The new link protocol: acknowledge before any other signal to that process (erl_dist_protocol).
                connection.Send(new ErlTuple(ControlTag.UnlinkIdAck, tuple[1], to, from));
                break;
            case ControlTag.UnlinkIdAck:
                // Our UNLINK_ID already removed the link; the ack only closes the window (erl_dist_protocol).
                break;
            case ControlTag.Exit or ControlTag.ExitTT when tuple.Arity >= 4 && tuple[1] is ErlPid from && tuple[2] is ErlPid to:
                // An EXIT is a link signal: it counts only while the link is active (OTP 26 link protocol).
                if (Unlinked(from, to) && _actorsByPid.TryGetValue(to, out var linked))
                    linked.Tell(new ExitSignal(Remote(from), tuple[tag == ControlTag.ExitTT && tuple.Arity >= 5 ? 4 : 3]), ActorRefs.NoSender);
                break;
            case ControlTag.Exit2 or ControlTag.Exit2TT when tuple.Arity >= 4 && tuple[1] is ErlPid from && tuple[2] is ErlPid to:
                // EXIT2 is erlang:exit/2: delivered whether or not the processes are linked. The _TT form puts
                // the trace token before the reason: {18, From, To, Token, Reason}.
                if (_actorsByPid.TryGetValue(to, out var target))
                    target.Tell(new ExitSignal(Remote(from), tuple[tag == ControlTag.Exit2TT && tuple.Arity >= 5 ? 4 : 3]), ActorRefs.NoSender);
                break;
            default:
                Interlocked.Increment(ref _unhandledControl);
                break;
        }
    }

    private void Deliver(Term to, Term message, ErlPid? from)
    {
        IActorRef? target = to switch
        {
            ErlPid pid => _actorsByPid.GetValueOrDefault(pid),
            ErlAtom name => _registered.GetValueOrDefault(name.Name),
            _ => null,
        };
        target?.Tell(message, from is null ? ActorRefs.NoSender : Remote(from));
    }

    /// <summary>
    /// net_kernel's gen_server calls that reach this node. <c>{is_auth, Node}</c> is what net_adm:ping/1
    /// sends; the reply goes to the caller with its tag, which since OTP 24 is the improper list
    /// <c>[alias | Ref]</c>, so a reply of <c>{Tag, yes}</c> makes the ping answer pong.
    /// </summary>
    private static void NetKernelCall(DistConnection connection, Term message)
    {
        if (message is ErlTuple { Arity: 3 } call && call[0].Equals(new ErlAtom("$gen_call"))
            && call[1] is ErlTuple { Arity: 2 } from && from[0] is ErlPid caller
            && call[2] is ErlTuple { Arity: 2 } request && request[0].Equals(new ErlAtom("is_auth")))
        {
            connection.Send(new ErlTuple(ControlTag.Send, ErlAtom.Empty, caller), new ErlTuple(from[1], new ErlAtom("yes")));
        }
    }

    private IActorRef? Resolve(Term process) => process switch
    {
        ErlPid pid => _actorsByPid.GetValueOrDefault(pid),
        ErlAtom name => _registered.GetValueOrDefault(name.Name),
        _ => null,
    };

    /// <summary>An Erlang process monitors an actor: MONITOR_P_EXIT when it stops, or at once with noproc.</summary>
    private void MonitoredBy(DistConnection connection, ErlPid from, Term process, ErlRef reference)
    {
        if (process.Equals(NetKernelName))
            return;
        var actor = Resolve(process);
        if (actor is null)
        {
            connection.Send(new ErlTuple(ControlTag.MonitorPExit, process, from, reference, NoProc));
            return;
        }
        var key = (connection.Peer.PeerName, reference);
        _inboundMonitors[key] = _system.ActorOf(ActorTerminationWatcher.Props(actor, () =>
        {
            if (_inboundMonitors.TryRemove(key, out _))
                connection.Send(new ErlTuple(ControlTag.MonitorPExit, process, from, reference, Normal));
        }));
    }

    /// <summary>An Erlang process links to an actor: EXIT with <c>normal</c> when the actor stops.</summary>
    private void LinkedBy(DistConnection connection, ErlPid from, ErlPid to)
    {
        if (!_actorsByPid.TryGetValue(to, out var actor))
        {
            connection.Send(new ErlTuple(ControlTag.Exit, to, from, NoProc));
            return;
        }
        if (!_links.ContainsKey((from, to)))
            _links[(from, to)] = WatchLinked(actor, from, to);
    }

    private IActorRef WatchLinked(IActorRef actor, ErlPid remote, ErlPid local)
    {
        var key = (remote, local);
        return _system.ActorOf(ActorTerminationWatcher.Props(actor, () =>
        {
            if (_links.TryRemove(key, out _))
                SendControl(remote.Node.Name, _ => new ErlTuple(ControlTag.Exit, local, remote, Normal));
        }));
    }

    private bool Unlinked(ErlPid from, ErlPid to)
    {
        if (!_links.TryRemove((from, to), out var watcher))
            return false;
        _system.Stop(watcher);
        return true;
    }
}
