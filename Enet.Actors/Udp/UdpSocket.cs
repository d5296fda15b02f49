using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Udp;

/// <summary>
/// A UDP socket for ordinary async .NET code: opens a passive socket on a <see cref="UdpLayer"/>, owned by a
/// small actor that lives as long as this object, and turns Send and Recv into awaitable calls. Dispose
/// closes the socket (and stopping the owner would close it anyway).
/// </summary>
public sealed class UdpSocket : IAsyncDisposable
{

    private readonly ActorSystem system;
    private readonly IActorRef holder;
    private int closed;

    private UdpSocket(ActorSystem system, IActorRef holder, Udp.Opened opened)
    {
        this.system = system;
        this.holder = holder;
        Socket = opened.Socket;
        LocalAddress = opened.Address;
        LocalPort = opened.Port;
    }

    /// <summary>The socket actor, for the inet functions (<see cref="Inet.Inet.GetStatAsync"/>...).</summary>
    public IActorRef Socket { get; }

    public InetAddress LocalAddress { get; }

    public ushort LocalPort { get; }

    /// <summary>gen_udp:open(Port, [{active,false} | Options]) on <paramref name="udp"/>; fails with
    /// <see cref="InetException"/> (eaddrinuse...).</summary>
    public static async Task<UdpSocket> OpenAsync(ActorSystem system, IActorRef udp, ushort port = 0, IReadOnlyList<InetOption>? options = null)
    {
        var holder = system.ActorOf(ActorProps.Create(() => new Holder()));
        var reply = await udp.Ask(new Udp.Open(port, [InetOption.Active(false), .. options ?? []], holder), Inet.Inet.CommandTimeout);
        switch (reply)
        {
            case Udp.Opened opened:
                return new UdpSocket(system, holder, opened);
            default:
                system.Stop(holder);
                throw InetException.From(reply);
        }
    }

    /// <summary>gen_udp:send: completes once the datagram is handed to IP.</summary>
    public async Task SendAsync(InetAddress address, ushort port, ReadOnlyMemory<byte> data)
    {
        ThrowIfClosed();
        var reply = await Socket.Ask(new Udp.Send(address, port, data, Ack: true), Inet.Inet.CommandTimeout);
        if (reply is not Udp.Ok)
            throw InetException.From(reply);
    }

    /// <summary>gen_udp:recv: the next datagram, or <see cref="InetException"/> timeout after <paramref name="timeout"/>
    /// (null waits for ever, until the socket closes). There is no cancellation token on purpose: a recv abandoned
    /// while the socket still holds it would swallow the next datagram, so a timeout is the way to stop waiting.</summary>
    public async Task<Udp.Received> ReceiveAsync(TimeSpan? timeout = null)
    {
        ThrowIfClosed();
        // The socket answers by the timeout; the Ask's own limit only guards against a socket that died.
        var ask = Socket.Ask(new Udp.Recv(0, timeout), timeout is { } t && t != Timeout.InfiniteTimeSpan ? t + Inet.Inet.CommandTimeout : Timeout.InfiniteTimeSpan);
        return await ask switch
        {
            Udp.Received received => received,
            var other => throw InetException.From(other),
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) == 1)
            return;
        try
        {
            await Socket.Ask<Udp.Ok>(Udp.Close.Instance, Inet.Inet.CommandTimeout);
        }
        finally
        {
            system.Stop(holder);
        }
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref closed) == 1)
            throw new InetException(Posix.Closed);
    }

    /// <summary>The owner of the socket: passive sockets send their owner nothing but {udp_passive, S}, which it drops.</summary>
    private sealed class Holder : ReceiveActor
    {
        public Holder() => ReceiveAny(_ => { });
    }
}
