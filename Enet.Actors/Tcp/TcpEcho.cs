using Enet.Runtime.Actor;

namespace Enet.Actors.Tcp;

/// <summary>
/// The echo service of RFC 862 on TCP port 7, written on the <see cref="Tcp"/> protocol: every connection's data
/// goes back to it, and a peer's close closes it (the connection does that itself without KeepOpenOnPeerClosed).
/// </summary>
public sealed class TcpEcho : ReceiveActor
{
    /// <summary>RFC 862: "A server listens for TCP connections on TCP port 7."</summary>
    public const ushort Port = 7;

    private readonly IActorRef tcp;

    public TcpEcho(IActorRef tcp)
    {
        this.tcp = tcp;
        Receive<Tcp.Bound>(_ => { });
        Receive<Tcp.CommandFailed>(f => throw new InvalidOperationException($"tcp-echo could not bind port {Port}: {f.Reason}"));
        Receive<Tcp.Connected>(_ => Sender.Tell(new Tcp.Register(Self), Self));
        // RFC 862: "Once a connection is established any data received is sent back."
        Receive<Tcp.Received>(r => Sender.Tell(new Tcp.Write(r.Data), Self));
        Receive<Tcp.ConnectionClosed>(_ => { });
    }

    public static Props Props(IActorRef tcp) => Runtime.Actor.Props.Create(() => new TcpEcho(tcp));

    protected override void PreStart() => tcp.Tell(new Tcp.Bind(Self, Port), Self);
}
