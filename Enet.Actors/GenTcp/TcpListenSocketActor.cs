using Enet.Actors.Inet;
using Enet.Actors.Tcp;
using Akka.Actor;
using Enet.Codecs;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.GenTcp;

/// <summary>
/// A gen_tcp listen socket: the bind handler of a TCP listener whose connections are gen_tcp sockets
/// (<see cref="TcpSocketActor"/>, made by the layer at each SYN, owned by this socket). Established ones wait here,
/// backlog at most (one more is reset, as a full accept queue ends it), until <see cref="GenTcp.Accept"/> gives the
/// oldest to its new owner with this socket's options (accepted sockets inherit them, inet(3)). Until then a socket
/// reads nothing, so its data waits in its receive buffer and its window closes. Its behaviours are
/// <see cref="Binding"/>, <see cref="Listening"/> and, after close, <see cref="Unbinding"/>.
/// </summary>
internal sealed class TcpListenSocketActor : ReceiveActor, IWithTimers
{
    public ITimerScheduler Timers { get; set; } = null!;

    private readonly IActorRef tcp;
    private readonly ushort port;
    private readonly Queue<Waiting> waiting = new();
    private readonly Queue<(IActorRef Caller, GenTcp.Accept Accept, long Id)> accepts = new();

    private readonly InetResult<TcpSocketOptions> parsed;
    private TcpSocketOptions options;
    private IActorRef owner;
    private IActorRef? listener;
    private ConnectionId bound;
    private long sequence;

    public TcpListenSocketActor(IActorRef tcp, ushort port, IReadOnlyList<InetOption> options, IActorRef owner, IActorRef replyTo)
    {
        this.tcp = tcp;
        this.port = port;
        this.owner = owner;
        parsed = TcpSocketOptions.Create(options);
        this.options = parsed.IsOk ? parsed.Value : TcpSocketOptions.Default;
        Binding(replyTo);
    }

    public static Props Props(IActorRef tcp, ushort port, IReadOnlyList<InetOption> options, IActorRef owner, IActorRef replyTo) =>
        ActorProps.Create(() => new TcpListenSocketActor(tcp, port, options, owner, replyTo));

    protected override void PreStart() => Context.Watch(owner);

    private void Binding(IActorRef replyTo)
    {
        var bind = new IoTcp.Bind(Self, EndPoints.From(options.Address, port), TcpListener.SynBacklog, [new EnetTcpOption(options.TcpOptions)]);
        Become(() =>
        {
            Receive<Start>(_ =>
            {
                if (parsed.IsOk)
                {
                    tcp.Tell(EnetTcp.GetSettings.Instance, Self);
                    // Its connections are gen_tcp sockets owned by this one until accepted.
                    tcp.Tell(new TcpLayer.WithFace(bind, new GenTcpFace(options, Self, Self)), Self);
                }
                else
                {
                    replyTo.Tell(new GenTcp.Error(bind, Posix.Einval), Self);
                    Context.Stop(Self);
                }
            });
            // The layer answers in order: its settings come before Bound, so accepted sockets inherit its buffer sizes.
            Receive<TcpSettings>(layer => options = options.WithLayer(layer));
            Receive<IoTcp.Bound>(b =>
            {
                listener = Sender;
                var local = TcpEndPoints.Local(b);
                bound = local;
                Listening();
                replyTo.Tell(new GenTcp.Listening(Self, local.LocalAddress, local.LocalPort), Self);
            });
            Receive<GenTcp.Error>(e =>
            {
                replyTo.Tell(new GenTcp.Error(bind, e.Reason), Self);
                Context.Stop(Self);
            });
            Receive<Terminated>(t =>
            {
                if (t.ActorRef.Equals(owner))
                    Context.Stop(Self);
            });
            ReceiveAny(m => Sender.Tell(new GenTcp.Error(m, Posix.Einval), Self));
        });
        Self.Tell(Start.Instance, Self);
    }

    private void Listening()
    {
        Become(() =>
        {
            Receive<IoTcp.Connected>(connected =>
            {
                var c = TcpEndPoints.Id(connected);
                if (waiting.Count >= options.Backlog)
                {
                    Sender.Tell(IoTcp.Abort.Instance, Self);
                    return;
                }
                Context.Watch(Sender);
                waiting.Enqueue(new Waiting(Sender, c));
                Match();
            });
            Receive<GenTcp.Accept>(accept =>
            {
                var id = ++sequence;
                if (accepts.Count >= TcpSocketActor.MaxWaiting)
                {
                    Sender.Tell(new GenTcp.Error(accept, Posix.Enobufs), Self);
                    return;
                }
                accepts.Enqueue((Sender, accept, id));
                if (accept.Timeout is { } timeout && timeout != Timeout.InfiniteTimeSpan)
                    Timers.StartSingleTimer(new AcceptTimeout(id), new AcceptTimeout(id), timeout);
                Match();
            });
            Receive<AcceptTimeout>(t =>
            {
                WaitQueue.Remove(accepts, a => a.Id == t.Id, a => a.Caller.Tell(new GenTcp.Error(a.Accept, Posix.Timeout), Self));
            });
            Receive<GenTcp.Close>(_ => Close(Sender));
            Receive<Terminated>(t =>
            {
                if (t.ActorRef.Equals(owner))
                    Close(ActorRefs.Nobody);
                else
                {
                    // A connection that ended before it was accepted leaves the queue (Linux drops it from the
                    // accept queue too when it is reset).
                    var kept = waiting.Where(w => !w.Connection.Equals(t.ActorRef)).ToList();
                    waiting.Clear();
                    foreach (var w in kept)
                        waiting.Enqueue(w);
                }
            });
            Receive<Udp.Udp.SetOpts>(set =>
            {
                var result = options.Apply(set.Options);
                if (!result.IsOk)
                {
                    Sender.Tell(new Udp.Udp.Error(set, Posix.Einval), Self);
                    return;
                }
                options = result.Value;
                Sender.Tell(Udp.Udp.Ok.Instance, Self);
            });
            Receive<Udp.Udp.GetOpts>(get =>
            {
                if (get.Names.FirstOrDefault(n => !InetOption.Known.Contains(n)) is not null)
                    Sender.Tell(new Udp.Udp.Error(get, Posix.Einval), Self);
                else
                    Sender.Tell(new Udp.Udp.Opts([.. get.Names.Where(TcpSocketOptions.Supported.Contains).Select(n => new InetOption(n, options.Get(n)))]), Self);
            });
            Receive<Udp.Udp.SockName>(_ => Sender.Tell(new Udp.Udp.Name(bound.LocalAddress, bound.LocalPort), Self));
            Receive<Udp.Udp.PeerName>(get => Sender.Tell(new Udp.Udp.Error(get, Posix.Enotconn), Self));
            Receive<Udp.Udp.GetPort>(_ => Sender.Tell(new Udp.Udp.PortNumber(bound.LocalPort), Self));
            Receive<Udp.Udp.GetStat>(get => Sender.Tell(new Udp.Udp.Stat(new SocketCounters().Snapshot(get.Stats)), Self));
            Receive<GenTcp.ControllingProcess>(c => Ownership.Transfer(Context, c, ref owner));
            Receive<GenTcp.Send>(s => Sender.Tell(new GenTcp.Error(s, Posix.Enotconn), Self));
            Receive<GenTcp.Recv>(r => Sender.Tell(new GenTcp.Error(r, Posix.Enotconn), Self));
        });
    }

    /// <summary>The oldest accept gets the oldest connection; its socket is made at the top of the system, so it lives
    /// on when this listen socket closes, as an accepted Erlang socket does.</summary>
    private void Match()
    {
        while (accepts.Count > 0 && waiting.Count > 0)
        {
            var (caller, accept, id) = accepts.Dequeue();
            Timers.Cancel(new AcceptTimeout(id));
            var w = waiting.Dequeue();
            Context.Unwatch(w.Connection);
            // Accepted first: an adopted socket delivers the data it holds at once, and the owner must know the socket
            // before that data arrives (a Tell is in the mailbox when it returns; the socket's Data comes after).
            caller.Tell(new GenTcp.Accepted(w.Connection, w.Connected.RemoteAddress, w.Connected.RemotePort, w.Connected.LocalAddress), Self);
            w.Connection.Tell(new TcpSocketActor.Adopt(accept.Owner ?? caller, options), Self);
        }
    }

    /// <summary>gen_tcp:close on a listen socket: the port is unbound, connections not accepted are reset, and waiting
    /// accepts get closed; accepted sockets live on. The answer waits for Unbound, which the layer sends once the port
    /// is free, so a listen right after close finds it free (as close(2) of a listening socket frees it at once).</summary>
    private void Close(IActorRef replyTo)
    {
        // Before the Unbind, so the layer has let their ports go too when it answers.
        if (waiting.Count > 0)
            tcp.Tell(new TcpLayer.AbortConnections([.. waiting.Select(w => w.Connection)]), Self);
        waiting.Clear();
        listener!.Tell(IoTcp.Unbind.Instance, Self);
        foreach (var a in accepts)
            a.Caller.Tell(new GenTcp.Error(a.Accept, Posix.Closed), Self);
        accepts.Clear();
        Unbinding(replyTo);
    }

    private void Unbinding(IActorRef replyTo)
    {
        Become(() =>
        {
            Receive<IoTcp.Unbound>(_ =>
            {
                if (!replyTo.Equals(ActorRefs.Nobody))
                    replyTo.Tell(GenTcp.Ok.Instance, Self);
                Context.Stop(Self);
            });
            // A connection that came meanwhile is not going to be accepted.
            Receive<IoTcp.Connected>(_ => Sender.Tell(IoTcp.Abort.Instance, Self));
            Receive<GenTcp.Close>(_ => Sender.Tell(GenTcp.Ok.Instance, Self));
            Receive<GenTcp.Accept>(a => Sender.Tell(new GenTcp.Error(a, Posix.Closed), Self));
            ReceiveAny(_ => { });
        });
    }

    private sealed record Waiting(IActorRef Connection, ConnectionId Connected);

    private sealed record Start
    {
        public static Start Instance { get; } = new();
    }

    private sealed record AcceptTimeout(long Id);
}
