using System.Net;
using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// The echo service of RFC 862 on TCP port 7, written on Akka.IO's TCP protocol: every connection gets a
/// child that sends its data back, as fast as the peer takes it and no faster.
/// </summary>
public sealed class TcpEcho : ReceiveActor
{
    /// <summary>RFC 862: "A server listens for TCP connections on TCP port 7."</summary>
    public const ushort Port = 7;

    private readonly IActorRef tcp;

    public TcpEcho(IActorRef tcp)
    {
        this.tcp = tcp;
        Receive<IoTcp.Bound>(_ => { });
        Receive<IoTcp.CommandFailed>(f => throw new InvalidOperationException($"tcp-echo could not bind port {Port}: {f.Reason()}"));
        Receive<IoTcp.Connected>(_ =>
        {
            // Read now: the props' factory runs later, when Sender is another message's.
            var connection = Sender;
            Context.ActorOf(ActorProps.Create(() => new Session(connection)));
        });
    }

    public static Props Props(IActorRef tcp) => ActorProps.Create(() => new TcpEcho(tcp));

    protected override void PreStart() => tcp.Tell(new IoTcp.Bind(Self, new IPEndPoint(IPAddress.IPv6Any, Port), TcpListener.SynBacklog), Self);

    /// <summary>A session whose handler throws is stopped; the service goes on.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>
    /// One connection. RFC 862: "Once a connection is established any data received is sent back." One write is
    /// outstanding at a time (the next after its ack, a refused one again after WritingResumed, Akka.IO's ack and
    /// NACK modes); while any wait, reading is suspended, so the peer is slowed by TCP flow control instead of the
    /// echo buffering without bound. The peer's FIN half-closes: what it sent before goes back, then we close.
    /// </summary>
    private sealed class Session : ReceiveActor
    {
        private sealed class Ack : IoTcp.Event
        {
            public static Ack Instance { get; } = new();
        }

        private readonly IActorRef connection;
        private readonly Queue<IoTcp.Write> waiting = new();
        private bool suspended;
        private bool peerClosed;

        public Session(IActorRef connection)
        {
            this.connection = connection;
            Receive<IoTcp.Received>(r =>
            {
                waiting.Enqueue(IoTcp.Write.Create(r.Data, Ack.Instance));
                if (waiting.Count == 1)
                    connection.Tell(waiting.Peek(), Self);
                if (!suspended)
                {
                    suspended = true;
                    connection.Tell(IoTcp.SuspendReading.Instance, Self);
                }
            });
            Receive<Ack>(_ =>
            {
                waiting.Dequeue();
                if (waiting.Count > 0)
                    connection.Tell(waiting.Peek(), Self);
                else if (peerClosed)
                    connection.Tell(IoTcp.Close.Instance, Self);
                else
                {
                    suspended = false;
                    connection.Tell(IoTcp.ResumeReading.Instance, Self);
                }
            });
            Receive<IoTcp.CommandFailed>(f =>
            {
                if (f.Cmd is IoTcp.Write && f.Reason() == TcpError.Enobufs)
                    connection.Tell(IoTcp.ResumeWriting.Instance, Self);
                else
                    Context.Stop(Self);
            });
            Receive<IoTcp.WritingResumed>(_ => connection.Tell(waiting.Peek(), Self));
            Receive<IoTcp.PeerClosed>(_ =>
            {
                peerClosed = true;
                if (waiting.Count == 0)
                    connection.Tell(IoTcp.Close.Instance, Self);
            });
            Receive<IoTcp.ConnectionClosed>(_ => Context.Stop(Self));
            Receive<Terminated>(_ => Context.Stop(Self));
        }

        protected override void PreStart()
        {
            Context.Watch(connection);
            connection.Tell(new IoTcp.Register(Self, keepOpenOnPeerClosed: true), Self);
        }
    }
}
