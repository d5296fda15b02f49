using Akka.Actor;

namespace Enet.Remote.AkkaRemote;

/// <summary>
/// net_kernel's node bookkeeping over Akka.Remote. A node is up once its user guardian answered Identify (whoever
/// associated first) and is watched from here; it is down when that watch ends. Akka publishes association events
/// once per endpoint and without reasons (one shutdown gave two Disassociated events), so the watch, not those
/// events, decides: Terminated with AddressTerminated is the failure detector firing (net_tick_timeout), a confirmed
/// Terminated is the peer shutting down (connection_closed), and a local disconnect is disconnect.
/// </summary>
internal sealed class AkkaNodeMonitor : ReceiveActor, IWithTimers
{
    /// <summary>kernel net_setuptime's default: how long connect_node tries before pang.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(7);

    /// <summary>Between two Identify attempts while a node we disconnected is gated (Akka.Remote's
    /// retry-gate-closed-for after a dropped association): dead letters answer Identify with no subject.</summary>
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<Address, IActorRef> up = [];
    private readonly Dictionary<Address, List<TaskCompletionSource<bool>>> connecting = [];
    private readonly Dictionary<IActorRef, MonitorNodesOptions> subscribers = [];

    /// <summary>Nodes this side disconnected: Akka.Remote gates them for a while, which a new connect_node waits out
    /// (Erlang connects again at once); any other node that does not answer is pang at once.</summary>
    private readonly HashSet<Address> disconnected = [];

    /// <summary>Up nodes whose association closed: when their watch ends, it is connection_closed.</summary>
    private readonly HashSet<Address> disassociated = [];

    /// <summary>The protocols this system's remoting speaks (akka.tcp for dot-netty).</summary>
    private readonly HashSet<string> protocols;

    public AkkaNodeMonitor()
    {
        protocols = [.. ((Akka.Remote.IRemoteActorRefProvider)((ExtendedActorSystem)Context.System).Provider).Transport.Addresses.Select(a => a.Protocol)];
        Receive<Connect>(c => StartConnect(c.Node, c.Done));
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
            // The peer connected to us: it counts as up for us too once it answers (Erlang reports both ends).
            if (!up.ContainsKey(a.RemoteAddress) && !connecting.ContainsKey(a.RemoteAddress))
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
            if (up.ContainsKey(d.RemoteAddress))
                disassociated.Add(d.RemoteAddress);
        });
        Receive<Disconnect>(d =>
        {
            var known = up.Remove(d.Node, out var guardian);
            if (known)
            {
                Context.Unwatch(guardian!);
                disconnected.Add(d.Node);
                // Akka.Remote can drop an association only through its throttler adapter, which changes the protocol of
                // every address (akka.trttl.tcp) so plain Akka systems no longer reach us, or by a quarantine, which
                // bars the node for good. So the node is forgotten here and the idle association is left to Akka.
                Publish(new NodeDown(d.Node.ToString(), NodeType.Visible, "disconnect") { Transport = Transport });
            }
            Sender.Tell(known);
        });
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

    internal sealed record Connect(Address Node, TaskCompletionSource<bool> Done);

    internal sealed record Disconnect(Address Node);

    internal sealed record GetNodes
    {
        public static GetNodes Instance { get; } = new();
    }

    internal sealed record Monitor(IActorRef Subscriber, bool Flag, MonitorNodesOptions Options);

    private sealed record ConnectTimedOut(Address Node);

    private sealed record RetryIdentify(Address Node);
}
