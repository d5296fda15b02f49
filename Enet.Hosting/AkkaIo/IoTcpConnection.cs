using Akka.Actor;
using Akka.IO;
using Enet.Actors;
using Enet.Actors.Tcp;
using Enet.Codecs;
using EnetTcp = Enet.Actors.Tcp.Tcp;

namespace Enet.AkkaIo;

/// <summary>
/// One TCP connection as Akka.IO's connection actor: it speaks <see cref="Akka.IO.Tcp"/>'s messages to the user and
/// Enet's TCP protocol to the stack's connection, so code written for <c>Context.System.Tcp()</c> runs over Enet. It
/// is the sender of <c>Connected</c>; the user registers a handler with it, writes to it and closes it.
/// </summary>
internal sealed class IoTcpConnection : ReceiveActor, IWithStash
{
    private readonly IActorRef commander;
    private IActorRef connection = ActorRefs.Nobody;
    private IActorRef handler = ActorRefs.Nobody;
    private bool keepOpenOnPeerClosed;
    private bool useResumeWriting;
    private bool writingSuspended;
    private PendingWrite? held;
    private IActorRef? resumeRequester;
    private IActorRef? closeCommander;

    /// <summary>Active open: asks <paramref name="layer"/> to connect and answers <paramref name="commander"/>.</summary>
    private IoTcpConnection(IActorRef layer, Akka.IO.Tcp.Connect connect, Ipv4Address remote, ushort remotePort, ushort localPort,
        IActorRef commander)
    {
        this.commander = commander;
        layer.Tell(new EnetTcp.Connect(remote, remotePort, localPort, connect.Timeout), Self);
        Receive<EnetTcp.Connected>(connected => Established(Sender, connected));
        Receive<EnetTcp.CommandFailed>(_ =>
        {
            commander.Tell(new Akka.IO.Tcp.CommandFailed(connect), Self);
            Context.Stop(Self);
        });
    }

    /// <summary>Passive open: the stack accepted <paramref name="accepted"/> for a Bind whose handler is <paramref name="commander"/>.</summary>
    private IoTcpConnection(IActorRef accepted, EnetTcp.Connected connected, IActorRef commander)
    {
        this.commander = commander;
        Established(accepted, connected);
    }

    public IStash Stash { get; set; } = null!;

    public static Props Connecting(IActorRef layer, Akka.IO.Tcp.Connect connect, Ipv4Address remote, ushort remotePort, ushort localPort,
        IActorRef commander) => ActorProps.Create(() => new IoTcpConnection(layer, connect, remote, remotePort, localPort, commander));

    public static Props Accepted(IActorRef connection, EnetTcp.Connected connected, IActorRef handler) =>
        ActorProps.Create(() => new IoTcpConnection(connection, connected, handler));

    private void Established(IActorRef enetConnection, EnetTcp.Connected connected)
    {
        connection = enetConnection;
        Context.Watch(connection);
        commander.Tell(new Akka.IO.Tcp.Connected(
            EndPoints.From(connected.RemoteAddress, connected.RemotePort), EndPoints.From(connected.LocalAddress, connected.LocalPort)), Self);
        Become(WaitingForRegistration);
    }

    /// <summary>Akka.IO reads nothing until Register; the stack keeps what arrives meanwhile.</summary>
    private void WaitingForRegistration()
    {
        Receive<Akka.IO.Tcp.Register>(register =>
        {
            handler = register.Handler;
            keepOpenOnPeerClosed = register.KeepOpenOnPeerClosed;
            useResumeWriting = register.UseResumeWriting;
            Context.Watch(handler);
            connection.Tell(new EnetTcp.Register(Self, keepOpenOnPeerClosed), Self);
            Become(Registered);
            Stash.UnstashAll();
        });
        Receive<Terminated>(t => t.ActorRef.Equals(connection), _ => Context.Stop(Self));
        ReceiveAny(_ => Stash.Stash());
    }

    private void Registered()
    {
        Receive<Akka.IO.Tcp.Write>(Write);
        Receive<PendingWrite>(written =>
        {
            if (written.Write.WantsAck)
                written.Commander.Tell(written.Write.Ack, Self);
        });
        Receive<EnetTcp.Received>(received => handler.Tell(new Akka.IO.Tcp.Received(ByteString.FromBytes(received.Data.Span.ToArray())), Self));
        Receive<EnetTcp.CommandFailed>(failed =>
        {
            if (failed.Command is not EnetTcp.Write { Ack: PendingWrite written })
                return;
            if (failed.Reason == TcpError.Enobufs && held is null)
            {
                // Akka.IO takes a write it cannot pass on yet and acks it later; the stack refuses one that does not fit.
                // So the first refused write is held here until the stack has room again.
                held = written;
                connection.Tell(EnetTcp.ResumeWriting.Instance, Self);
                return;
            }
            Refuse(written.Commander, written.Write);
        });
        Receive<EnetTcp.WritingResumed>(_ =>
        {
            if (held is { } written)
            {
                held = null;
                Forward(written);
            }
            if (resumeRequester is { } requester && held is null)
            {
                resumeRequester = null;
                writingSuspended = false;
                requester.Tell(Akka.IO.Tcp.WritingResumed.Instance, Self);
            }
        });
        Receive<Akka.IO.Tcp.ResumeWriting>(_ =>
        {
            if (held is null)
            {
                writingSuspended = false;
                Sender.Tell(Akka.IO.Tcp.WritingResumed.Instance, Self);
            }
            else
                resumeRequester = Sender;
        });
        Receive<Akka.IO.Tcp.SuspendReading>(_ => connection.Tell(EnetTcp.SuspendReading.Instance, Self));
        Receive<Akka.IO.Tcp.ResumeReading>(_ => connection.Tell(EnetTcp.ResumeReading.Instance, Self));
        Receive<Akka.IO.Tcp.Close>(_ => CloseWith(EnetTcp.Close.Instance));
        Receive<Akka.IO.Tcp.ConfirmedClose>(_ => CloseWith(EnetTcp.ConfirmedClose.Instance));
        Receive<Akka.IO.Tcp.Abort>(_ => CloseWith(EnetTcp.Abort.Instance));
        Receive<EnetTcp.ConnectionClosed>(Closed);
        // Akka.IO closes a connection whose handler died; there is nobody left to read it.
        Receive<Terminated>(t => t.ActorRef.Equals(handler), _ =>
        {
            connection.Tell(EnetTcp.Abort.Instance, Self);
            Context.Stop(Self);
        });
        Receive<Terminated>(t => t.ActorRef.Equals(connection), _ => Context.Stop(Self));
    }

    /// <summary>Akka.IO's write rules: while a write waits for room, another one fails (CommandFailed), and with
    /// useResumeWriting every later one too until ResumeWriting (answered by WritingResumed once the waiting write is on).</summary>
    private void Write(Akka.IO.Tcp.Write write)
    {
        if (held is not null || writingSuspended)
        {
            Refuse(Sender, write);
            return;
        }
        Forward(new PendingWrite(Sender, write));
    }

    /// <summary>The write to the stack, carrying what its ack or failure must answer.</summary>
    private void Forward(PendingWrite written) => connection.Tell(new EnetTcp.Write(written.Write.Data.ToArray(), written), Self);

    private void Refuse(IActorRef commander, Akka.IO.Tcp.Write write)
    {
        writingSuspended = useResumeWriting;
        commander.Tell(new Akka.IO.Tcp.CommandFailed(write), Self);
    }

    private void CloseWith(EnetTcp.Command close)
    {
        closeCommander = Sender;
        connection.Tell(close, Self);
    }

    private void Closed(EnetTcp.ConnectionClosed closed)
    {
        Akka.IO.Tcp.ConnectionClosed event_ = closed switch
        {
            EnetTcp.Closed => Akka.IO.Tcp.Closed.Instance,
            EnetTcp.ConfirmedClosed => Akka.IO.Tcp.ConfirmedClosed.Instance,
            EnetTcp.Aborted => Akka.IO.Tcp.Aborted.Instance,
            EnetTcp.PeerClosed => Akka.IO.Tcp.PeerClosed.Instance,
            EnetTcp.ErrorClosed error => new Akka.IO.Tcp.ErrorClosed(error.Reason.ToString().ToLowerInvariant()),
            _ => throw new InvalidOperationException($"unknown close {closed}"),
        };
        handler.Tell(event_, Self);
        if (closeCommander is not null && !closeCommander.Equals(handler))
            closeCommander.Tell(event_, Self);
        // A peer's FIN leaves the connection open for writing only when the handler asked for it (RFC 9293 3.6).
        if (closed is not EnetTcp.PeerClosed || !keepOpenOnPeerClosed)
            Context.Stop(Self);
    }

    /// <summary>Rides on a Write as its Enet ack: whom to answer, and the Akka command for ack or CommandFailed.</summary>
    private sealed record PendingWrite(IActorRef Commander, Akka.IO.Tcp.Write Write);
}
