using Akka.Actor;

namespace Enet.Remote.AkkaRemote;

/// <summary>
/// net_kernel's node bookkeeping over Akka.Remote. A node is up once its user guardian answered Identify (whoever
/// associated first) and is watched from here; it is down when that watch ends. Akka publishes association events
/// once per endpoint and without reasons (one shutdown gave two Disassociated events), so the watch, not those
/// events, decides: Terminated with AddressTerminated is the failure detector firing (net_tick_timeout), a confirmed
/// Terminated is the peer shutting down (connection_closed), and a local disconnect is disconnect.
/// disconnect_node drops the association as erl closes the connection: the peer's kernel hears of it, reports
/// connection_closed and drops its end, and both ends may connect again (Akka.Remote's gate, not its quarantine).
/// </summary>
internal sealed partial class AkkaNodeMonitor : ReceiveActor, IWithTimers
{
    /// <summary>kernel net_setuptime's default: how long connect_node tries before pang.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(7);

    /// <summary>Between two Identify attempts while a node we disconnected is gated (Akka.Remote's
    /// retry-gate-closed-for after a dropped association): dead letters answer Identify with no subject.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a disconnected peer has to drop the association itself before this side drops it.</summary>
    private static readonly TimeSpan DropGrace = TimeSpan.FromSeconds(1);

    /// <summary>The kernel's actor name under /user, the same on every node: peers find each other's kernel by it.</summary>
    public const string Name = "enet-net-kernel";

    private readonly Dictionary<Address, IActorRef> up = [];
    private readonly Dictionary<Address, List<TaskCompletionSource<bool>>> connecting = [];
    private readonly Dictionary<IActorRef, MonitorNodesOptions> subscribers = [];

    /// <summary>Nodes disconnected from either end: Akka.Remote gates them for a while, which a new connect_node waits
    /// out (Erlang connects again at once); any other node that does not answer is pang at once.</summary>
    private readonly HashSet<Address> disconnected = [];

    /// <summary>Up nodes whose association closed: when their watch ends, it is connection_closed.</summary>
    private readonly HashSet<Address> disassociated = [];

    /// <summary>Nodes taken down here whose association is not dropped yet.</summary>
    private readonly HashSet<Address> dropping = [];

    /// <summary>net_kernel:allow/1, which the transport's gate enforces too.</summary>
    private readonly AkkaAllowList allow;

    /// <summary>The protocols this system's remoting speaks (akka.tcp for dot-netty).</summary>
    private readonly HashSet<string> protocols;

    private readonly Akka.Remote.RemoteTransport remoting;

    public AkkaNodeMonitor()
    {
        remoting = ((Akka.Remote.IRemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider).Transport;
        protocols = [.. remoting.Addresses.Select(a => a.Protocol)];
        allow = AkkaAllowList.Get(Context.System);
        Running();
    }

    private void Running()
    {
        Receive<Connect>(c =>
        {
            // net_kernel:connect_node/1 to a node outside the allow list is false.
            if (allow.IsAllowed(c.Node))
                StartConnect(c.Node, c.Done);
            else
                c.Done.TrySetResult(false);
        });
        Receive<ActorIdentity>(Identified);
        Receive<ConnectTimedOut>(t => Fail(t.Node));
        Receive<RetryIdentify>(r =>
        {
            if (connecting.ContainsKey(r.Node))
                Identify(r.Node);
        });
        Receive<Akka.Remote.AssociatedEvent>(a =>
        {
            // An association that came back makes an earlier close stale.
            disassociated.Remove(a.RemoteAddress);
            // The transport's gate refuses unlisted nodes; one that associated just before allow/1 listed others is
            // refused as a disconnected one is left: an Enet peer hears of it and leaves us alone (its kernel would
            // otherwise keep the association alive).
            if (!allow.IsAllowed(a.RemoteAddress))
                DropSoon(a.RemoteAddress);
            // The peer connected to us: it counts as up for us too once it answers (Erlang reports both ends).
            else if (!up.ContainsKey(a.RemoteAddress) && !connecting.ContainsKey(a.RemoteAddress))
                StartConnect(a.RemoteAddress, null);
        });
        Receive<Terminated>(t =>
        {
            subscribers.Remove(t.ActorRef);
            var node = t.ActorRef.Path.Address;
            // A peer that shut down closes its association first; its guardian's Terminated may still come from the
            // failure detector when the notification did not make it out in time (seen under load).
            var closed = disassociated.Remove(node);
            if (up.Remove(node))
                Publish(new NodeDown(node.ToString(), NodeType.Visible, t.AddressTerminated && !closed ? "net_tick_timeout" : "connection_closed") { Transport = Transport });
        });
        Receive<Akka.Remote.DisassociatedEvent>(d =>
        {
            DropIfDropping(d.RemoteAddress);
            if (up.ContainsKey(d.RemoteAddress))
                disassociated.Add(d.RemoteAddress);
        });
        Receive<Disconnect>(d => Sender.Tell(TakeDown(d.Node, "disconnect")));
        Receive<PeerDisconnected>(_ =>
        {
            // erlang:disconnect_node/1 on the other side: it reports disconnect, this side connection_closed (as erl does).
            // A peer that refuses us (allow) says the same: a connect under way is pang.
            var node = Sender.Path.Address;
            Fail(node);
            if (up.Remove(node, out var guardian))
            {
                Context.Unwatch(guardian);
                Publish(new NodeDown(node.ToString(), NodeType.Visible, "connection_closed") { Transport = Transport });
            }
            disconnected.Add(node);
            Drop(node);
        });
        Receive<DropAssociation>(d => Drop(d.Node));
        Receive<GetNodes>(_ => Sender.Tell(up.Keys.Select(a => a.ToString()).ToList()));
        Receive<Monitor>(m =>
        {
            if (m.Flag)
            {
                subscribers[m.Subscriber] = m.Options;
                Context.Watch(m.Subscriber);
            }
            else
                subscribers.Remove(m.Subscriber);
            Sender.Tell(true);
        });
        Receive<Allow>(a =>
        {
            allow.Allow(a.Nodes);
            Sender.Tell(true);
        });
        Receive<Stop>(_ =>
        {
            // net_kernel:stop/0: every node goes down with net_kernel_terminated; the kernel ends once their
            // associations are dropped.
            foreach (var node in up.Keys.ToList())
                TakeDown(node, "net_kernel_terminated");
            foreach (var node in connecting.Keys.ToList())
                Fail(node);
            var stopper = Sender;
            Become(() => Stopping(stopper));
            StopWhenDropped(stopper);
        });
    }

    /// <summary>Until every association is dropped: connects are refused, then the stopper hears true.</summary>
    private void Stopping(IActorRef stopper)
    {
        Receive<Connect>(c => c.Done.TrySetResult(false));
        Receive<Akka.Remote.DisassociatedEvent>(d =>
        {
            DropIfDropping(d.RemoteAddress);
            StopWhenDropped(stopper);
        });
        Receive<DropAssociation>(d =>
        {
            Drop(d.Node);
            StopWhenDropped(stopper);
        });
    }

    private void StopWhenDropped(IActorRef stopper)
    {
        if (dropping.Count > 0)
            return;
        stopper.Tell(true);
        Context.Stop(Self);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Named in node_type info beside visible/hidden, so a subscriber tells the two transports apart.</summary>
    public const string Transport = "akka";

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(Akka.Remote.AssociatedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(Akka.Remote.DisassociatedEvent));
    }

    private void StartConnect(Address node, TaskCompletionSource<bool>? done)
    {
        if (up.ContainsKey(node))
        {
            done?.TrySetResult(true);
            return;
        }
        var first = !connecting.TryGetValue(node, out var waiting);
        if (first)
            connecting[node] = waiting = [];
        // The waiter is in the table before Identify, which may answer (pang) at once.
        if (done is not null)
            waiting!.Add(done);
        if (first)
        {
            Timers.StartSingleTimer(node, new ConnectTimedOut(node), ConnectTimeout);
            Identify(node);
        }
    }

    private void Identify(Address node)
    {
        // An address no transport of this system speaks (another protocol) would fail inside remoting: pang at once.
        if (!protocols.Contains(node.Protocol))
        {
            Fail(node);
            return;
        }
        Context.ActorSelection(new RootActorPath(node) / "user").Tell(new Identify(node), Self);
    }

    private void Identified(ActorIdentity identity)
    {
        if (identity.MessageId is not Address node || !connecting.ContainsKey(node))
            return;
        if (identity.Subject is not { } guardian)
        {
            if (disconnected.Contains(node))
                Timers.StartSingleTimer(new RetryIdentify(node), new RetryIdentify(node), RetryInterval);
            else
                Fail(node);
            return;
        }
        disconnected.Remove(node);
        connecting.Remove(node, out var waiting);
        Timers.Cancel(node);
        Timers.Cancel(new RetryIdentify(node));
        up[node] = Context.Watch(guardian);
        Publish(new NodeUp(node.ToString(), NodeType.Visible) { Transport = Transport });
        waiting!.ForEach(w => w.TrySetResult(true));
    }

    /// <summary>
    /// Takes <paramref name="node"/> down on this side's initiative. The peer's kernel is told to drop its end (its
    /// own watch of us would otherwise heartbeat the association back); a peer without one (a plain Akka system)
    /// never does, so this side drops it once DropGrace passed. False for a node that was not up.
    /// </summary>
    private bool TakeDown(Address node, string reason)
    {
        if (!up.Remove(node, out var guardian))
            return false;
        Context.Unwatch(guardian);
        disconnected.Add(node);
        Publish(new NodeDown(node.ToString(), NodeType.Visible, reason) { Transport = Transport });
        DropSoon(node);
        return true;
    }

    /// <summary>Tells the peer's kernel to drop its end, and drops this end once it did or DropGrace passed.</summary>
    private void DropSoon(Address node)
    {
        Context.ActorSelection(new RootActorPath(node) / "user" / Name).Tell(PeerDisconnected.Instance);
        dropping.Add(node);
        Timers.StartSingleTimer(new DropAssociation(node), new DropAssociation(node), DropGrace);
    }

    /// <summary>
    /// Closes every association with <paramref name="node"/>. A quarantine without the node's UID is Akka.Remote's
    /// gate (retry-gate-closed-for), not its quarantine: the endpoints stop and the connection closes, and the node may
    /// associate again once the gate opens (a quarantine with the UID would bar this incarnation of the node for good).
    /// Both ends must do it: a stopped endpoint forgets the system-message sequence numbers of the pair, and an end
    /// that kept them takes the other's restarted numbering for a broken redelivery and quarantines it for good.
    /// </summary>
    private void Drop(Address node)
    {
        dropping.Remove(node);
        Timers.Cancel(new DropAssociation(node));
        remoting.Quarantine(node, null);
    }

    /// <summary>The peer dropped an association this side is dropping: drop this end now (see <see cref="Drop"/>).</summary>
    private void DropIfDropping(Address node)
    {
        if (dropping.Contains(node))
            Drop(node);
    }

    /// <summary>No answer in time: net_adm:ping's pang.</summary>
    private void Fail(Address node)
    {
        Timers.Cancel(node);
        Timers.Cancel(new RetryIdentify(node));
        if (connecting.Remove(node, out var waiting))
            waiting.ForEach(w => w.TrySetResult(false));
    }

    private void Publish(object nodeEvent)
    {
        foreach (var subscriber in subscribers.Keys)
            subscriber.Tell(nodeEvent, Self);
    }
}
