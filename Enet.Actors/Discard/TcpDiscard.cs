using System.Net;
using Akka.Actor;
using Enet.Actors.Tcp;
using IoTcp = Akka.IO.Tcp;

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
        Receive<IoTcp.Bound>(_ => { });
        Receive<IoTcp.CommandFailed>(f => throw new InvalidOperationException($"discard could not bind TCP port {Port}: {f.Reason()}"));
        Receive<IoTcp.Connected>(_ =>
        {
            connections++;
            Sender.Tell(new IoTcp.Register(Self), Self);
        });
        Receive<IoTcp.Received>(r => bytes += r.Data.Count);
        Receive<IoTcp.PeerClosed>(_ => { });
        Receive<IoTcp.ConnectionClosed>(_ => { });
        Receive<GetDiscardCounts>(_ => Sender.Tell(new DiscardCounts(connections, bytes), Self));
    }

    public static Props Props(IActorRef tcp) => ActorProps.Create(() => new TcpDiscard(tcp));

    protected override void PreStart() => tcp.Tell(new IoTcp.Bind(Self, new IPEndPoint(IPAddress.IPv6Any, Port), TcpListener.SynBacklog), Self);
}
