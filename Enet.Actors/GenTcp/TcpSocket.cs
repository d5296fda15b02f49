using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.GenTcp;

/// <summary>
/// A gen_tcp socket for ordinary async .NET code: a passive socket owned by a small actor that lives as long as this
/// object, with connect, listen, accept, send, recv, shutdown and controlling_process as awaitable calls that throw
/// <see cref="InetException"/> where gen_tcp returns {error, Reason}. <see cref="GetStream"/> and <see cref="GetPipe"/>
/// give a connection to code written for streams and pipelines. Dispose closes the socket.
/// </summary>
public sealed class TcpSocket : IAsyncDisposable
{

    private readonly ActorSystem system;
    private readonly IActorRef holder;
    private int closed;

    /// <summary>Set once <see cref="ControllingProcessAsync"/> gave the socket away: disposing then leaves it open.</summary>
    private int givenAway;

    private TcpSocket(ActorSystem system, IActorRef holder, IActorRef socket, InetAddress localAddress, ushort localPort,
        InetAddress remoteAddress, ushort remotePort)
    {
        this.system = system;
        this.holder = holder;
        Socket = socket;
        LocalAddress = localAddress;
        LocalPort = localPort;
        RemoteAddress = remoteAddress;
        RemotePort = remotePort;
    }

    /// <summary>The socket actor, for the inet functions (<see cref="Inet.Inet.GetStatAsync"/>...).</summary>
    public IActorRef Socket { get; }

    public InetAddress LocalAddress { get; }

    public ushort LocalPort { get; }

    /// <summary>The peer; the unspecified address for a listen socket.</summary>
    public InetAddress RemoteAddress { get; }

    public ushort RemotePort { get; }

    /// <summary>gen_tcp:connect(Address, Port, [{active,false} | Options], Timeout) on the TCP layer <paramref name="tcp"/>.</summary>
    public static async Task<TcpSocket> ConnectAsync(ActorSystem system, IActorRef tcp, InetAddress address, ushort port,
        IReadOnlyList<InetOption>? options = null, TimeSpan? timeout = null)
    {
        var holder = system.ActorOf(ActorProps.Create(() => new Holder()));
        var reply = new Reply(system);
        GenTcp.Connect(tcp, address, port, [InetOption.Active(false), .. options ?? []], timeout, holder, reply.Ref);
        switch (await reply.Task)
        {
            case GenTcp.Connected c:
                return new TcpSocket(system, holder, c.Socket, c.LocalAddress, c.LocalPort, c.RemoteAddress, c.RemotePort);
            case var other:
                system.Stop(holder);
                throw InetException.From(other);
        }
    }

    /// <summary>gen_tcp:listen(Port, [{active,false} | Options]).</summary>
    public static async Task<TcpSocket> ListenAsync(ActorSystem system, IActorRef tcp, ushort port, IReadOnlyList<InetOption>? options = null)
    {
        var holder = system.ActorOf(ActorProps.Create(() => new Holder()));
        var reply = new Reply(system);
        GenTcp.Listen(system, tcp, port, [InetOption.Active(false), .. options ?? []], holder, reply.Ref);
        switch (await reply.Task)
        {
            case GenTcp.Listening l:
                return new TcpSocket(system, holder, l.Socket, l.Address, l.Port, default, 0);
            case var other:
                system.Stop(holder);
                throw InetException.From(other);
        }
    }

    /// <summary>gen_tcp:accept(ListenSocket, Timeout) on a socket from <see cref="ListenAsync"/>; null waits for ever.</summary>
    public async Task<TcpSocket> AcceptAsync(TimeSpan? timeout = null)
    {
        ThrowIfClosed();
        var newHolder = system.ActorOf(ActorProps.Create(() => new Holder()));
        var reply = await Socket.Ask(new GenTcp.Accept(timeout, newHolder), AskLimit(timeout));
        switch (reply)
        {
            case GenTcp.Accepted a:
                return new TcpSocket(system, newHolder, a.Socket, a.LocalAddress, LocalPort, a.RemoteAddress, a.RemotePort);
            default:
                system.Stop(newHolder);
                throw InetException.From(reply);
        }
    }

    /// <summary>gen_tcp:send: completes once the socket has queued the data (later while it is busy). The bytes are
    /// copied, so the caller may reuse its buffer.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        ThrowIfClosed();
        var reply = await Socket.Ask(new GenTcp.Send(data.ToArray()), Timeout.InfiniteTimeSpan);
        if (reply is not GenTcp.Ok)
            throw InetException.From(reply);
    }

    /// <summary>gen_tcp:recv: length 0 for what is there (a packet in a packet mode), more for exactly that many bytes.
    /// No cancellation token on purpose: a recv abandoned while the socket still holds it would swallow data; the
    /// timeout is the way to stop waiting.</summary>
    public async Task<Bytes> RecvAsync(int length = 0, TimeSpan? timeout = null)
    {
        ThrowIfClosed();
        return await Socket.Ask(new GenTcp.Recv(length, timeout), AskLimit(timeout)) switch
        {
            GenTcp.Received received => received.Data,
            var other => throw InetException.From(other),
        };
    }

    /// <summary>gen_tcp:shutdown(Socket, How).</summary>
    public async Task ShutdownAsync(ShutdownHow how)
    {
        ThrowIfClosed();
        var reply = await Socket.Ask(new GenTcp.Shutdown(how), Inet.Inet.CommandTimeout);
        if (reply is not GenTcp.Ok)
            throw InetException.From(reply);
    }

    /// <summary>gen_tcp:controlling_process(Socket, Pid): <paramref name="newOwner"/> becomes the socket's owner, so it
    /// gets the socket's messages (in active mode) and its death closes the socket; disposing this object no longer
    /// closes it, the new owner does. The calls here go on working, as any Erlang process may still send and recv.
    /// gen_tcp(3): "If called by any other process than the current controlling process, {error, not_owner} is
    /// returned": this object's owner is its holder, so a second give-away throws not_owner.</summary>
    public async Task ControllingProcessAsync(IActorRef newOwner)
    {
        ThrowIfClosed();
        var reply = await holder.Ask(new Holder.GiveAway(Socket, newOwner), Inet.Inet.CommandTimeout);
        if (reply is not GenTcp.Ok)
            throw InetException.From(reply);
        Interlocked.Exchange(ref givenAway, 1);
    }

    /// <summary>A <see cref="System.IO.Stream"/> over this connection; disposing it closes the socket.</summary>
    public TcpStream GetStream() => new(this);

    /// <summary>System.IO.Pipelines over this connection's stream.</summary>
    public TcpDuplexPipe GetPipe() => new(GetStream());

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) == 1)
            return;
        try
        {
            if (Volatile.Read(ref givenAway) == 0)
                await Socket.Ask(GenTcp.Close.Instance, Inet.Inet.CommandTimeout);
        }
        finally
        {
            system.Stop(holder);
        }
    }

    /// <summary>The socket answers by the timeout; the Ask's own limit only guards against a socket that died.</summary>
    private static TimeSpan AskLimit(TimeSpan? timeout) =>
        timeout is { } t && t != Timeout.InfiniteTimeSpan ? t + Inet.Inet.CommandTimeout : Timeout.InfiniteTimeSpan;

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref closed) == 1)
            throw new InetException(Posix.Closed);
    }

    /// <summary>The owner of the socket: passive sockets send it nothing it needs. Only the owner may give the socket
    /// away, so controlling_process is asked from here and the socket's answer passed back, in order.</summary>
    private sealed class Holder : ReceiveActor
    {
        private readonly Queue<IActorRef> askers = new();

        public Holder()
        {
            Receive<GiveAway>(give =>
            {
                askers.Enqueue(Sender);
                give.Socket.Tell(new GenTcp.ControllingProcess(give.NewOwner), Self);
            });
            Receive<GenTcp.Ok>(ok => Answer(ok));
            Receive<GenTcp.Error>(error => Answer(error));
            ReceiveAny(_ => { });
        }

        private void Answer(object reply)
        {
            if (askers.TryDequeue(out var asker))
                asker.Tell(reply, Self);
        }

        public sealed record GiveAway(IActorRef Socket, IActorRef NewOwner);
    }

    /// <summary>Takes the one reply of a listen or connect socket (which answers a given actor, not an Ask).</summary>
    private sealed class Reply
    {
        private readonly TaskCompletionSource<object> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Reply(ActorSystem system) => Ref = system.ActorOf(ActorProps.Create(() => new Taker(completion)));

        public IActorRef Ref { get; }

        public Task<object> Task => completion.Task;

        private sealed class Taker : ReceiveActor
        {
            public Taker(TaskCompletionSource<object> completion) => ReceiveAny(m =>
            {
                completion.TrySetResult(m);
                Context.Stop(Self);
            });
        }
    }
}
