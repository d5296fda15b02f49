using Akka.Actor;
using Enet.Actors.Tcp;

namespace Enet.Actors.Discard;

/// <summary>
/// The discard service of RFC 863 on TCP port 9: "Once a connection is established any data received is thrown
/// away. No response is sent." One actor is the handler of every connection, so data reaches it in one hop from the
/// connection and is dropped there; reading is never suspended, so a client measures how fast Enet can take data.
/// The peer's FIN is answered with ours.
/// </summary>
public sealed class TcpDiscard : ReceiveActor
{
    /// <summary>RFC 863: "A server listens for TCP connections on TCP port 9."</summary>
    public const ushort Port = 9;

    private readonly IActorRef tcp;
    private long connections, bytes;

    public TcpDiscard(IActorRef tcp)
    {
        this.tcp = tcp;
        Receive<Tcp.Tcp.Bound>(_ => { });
        Receive<Tcp.Tcp.CommandFailed>(f => throw new InvalidOperationException($"discard could not bind TCP port {Port}: {f.Reason}"));
        Receive<Tcp.Tcp.Connected>(_ =>
        {
            connections++;
            Sender.Tell(new Tcp.Tcp.Register(Self), Self);
        });
        Receive<Tcp.Tcp.Received>(r => bytes += r.Data.Length);
        Receive<Tcp.Tcp.PeerClosed>(_ => { });
        Receive<Tcp.Tcp.ConnectionClosed>(_ => { });
        Receive<GetDiscardCounts>(_ => Sender.Tell(new DiscardCounts(connections, bytes), Self));
    }

    public static Props Props(IActorRef tcp) => ActorProps.Create(() => new TcpDiscard(tcp));

    protected override void PreStart() => tcp.Tell(new Tcp.Tcp.Bind(Self, Port), Self);
}
