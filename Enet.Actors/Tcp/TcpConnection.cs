using Enet.Actors.Inet;
using Akka.Actor;
using Akka.IO;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// Akka.IO's face of a connection: the connection actor of Akka.IO's TCP protocol (<see cref="Akka.IO.Tcp"/>) around
/// the connection's <see cref="TcpCore"/> (see <see cref="TcpConnectionShell"/>). It answers the Connect's sender or
/// the Bind's handler with Connected, takes Register, Write, the close commands and reading and writing flow control,
/// and tells the handler Received and how the connection ended.
/// </summary>
public sealed class TcpConnection : TcpConnectionShell
{
    /// <summary>Akka.IO's face for the layer: what a plain Connect or Bind makes.</summary>
    internal sealed class Face : IConnectionFace
    {
        public static Face Instance { get; } = new();

        public Props Props(Endpoint endpoint, Opening opening) => ActorProps.Create(() => new TcpConnection(endpoint, opening));

        public object Refused(IoTcp.Command command, TcpError error) => EnetTcp.Failed(command, error);
    }

    private IActorRef? handler;

    /// <summary>SuspendReading (or pull mode): received data stays in the core, whose window closes as it fills.</summary>
    private bool readingSuspended;
    private bool useResumeWriting = true;

    /// <summary>The one write the send buffer could not take whole: the rest goes in as ACKs free room, and its ack
    /// follows then (Akka.IO acknowledges a write once it is handed to the kernel). Another write meanwhile fails.</summary>
    private PendingWrite? pending;

    /// <summary>A write failed with useResumeWriting: later ones fail too until ResumeWriting (Akka.IO's NACK mode);
    /// <see cref="resumeWritingTo"/> hears WritingResumed once the pending write is in.</summary>
    private bool writingSuspended;
    private IActorRef? resumeWritingTo;

    /// <summary>Who asked to close or abort, to hear the end too.</summary>
    private IActorRef? closeCommander;
    private bool connected;

    private TcpConnection(Endpoint endpoint, Opening opening) : base(endpoint, opening)
    {
        readingSuspended = Open.PullMode;
        Receive<IoTcp.Register>(Register);
        Receive<IoTcp.Write>(Write);
        Receive<IoTcp.Close>(c => Close(c, TcpCloseKind.Close));
        Receive<IoTcp.ConfirmedClose>(c => Close(c, TcpCloseKind.Confirmed));
        Receive<IoTcp.Abort>(_ =>
        {
            closeCommander = Sender;
            Run(() => Core.Abort(Now));
        });
        Receive<IoTcp.ResumeWriting>(ResumeWriting);
        Receive<IoTcp.SuspendReading>(_ => readingSuspended = true);
        Receive<IoTcp.ResumeReading>(_ =>
        {
            readingSuspended = false;
            Run(() => Core.DeliverHeld(Now));
        });
        Receive<EnetTcp.SetOptions>(SetOptions);
                // Akka.IO aborts a connection whose handler died before it began to close: nobody is left to read it.
        Receive<Terminated>(t => t.ActorRef.Equals(handler) && Core.State is TcpState.Established or TcpState.CloseWait,
            _ => Run(() => Core.Abort(Now)));
        Receive<Terminated>(_ => { });
        Receive<IoTcp.Command>(Refuse);
    }

    /// <summary>Moves the pending write on and answers a ResumeWriting once it is in.</summary>
    private protected override void AfterRun()
    {
        if (pending is not null)
            WritePending();
        TryResumeWriting();
    }

    private protected override bool Deliver(ReadOnlyMemory<byte> data)
    {
        if (handler is null || readingSuspended)
            return false;
        handler.Tell(new IoTcp.Received(ByteStrings.Wrap(data)), Self);
        // Pull mode reads once per ResumeReading.
        readingSuspended = Open.PullMode;
        return true;
    }

    private protected override void OnEvent(TcpCoreEvent e, TcpError error)
    {
        switch (e)
        {
            case TcpCoreEvent.Connected:
                connected = true;
                var id = Connection.Id;
                var message = new IoTcp.Connected(EndPoints.From(id.RemoteAddress, id.RemotePort), EndPoints.From(id.LocalAddress, id.LocalPort));
                if (Open is Opening.Passive passive)
                {
                    passive.HalfOpenEnded(Self);
                    passive.Handler.Tell(message, Self);
                }
                else if (Open is Opening.Active active)
                    active.Commander.Tell(message, Self);
                break;
            case TcpCoreEvent.PeerClosed:
                Notify(IoTcp.PeerClosed.Instance);
                break;
            case TcpCoreEvent.Closed:
                Notify(IoTcp.Closed.Instance, closeCommander);
                break;
            case TcpCoreEvent.ConfirmedClosed:
                Notify(IoTcp.ConfirmedClosed.Instance, closeCommander);
                break;
            case TcpCoreEvent.Aborted:
                Notify(IoTcp.Aborted.Instance, closeCommander);
                break;
            case TcpCoreEvent.Failed when connected:
                Notify(EnetTcp.ErrorClosed(error));
                break;
            case TcpCoreEvent.Failed when Open is Opening.Active opened:
                opened.Commander.Tell(EnetTcp.Failed(opened.Connect, error), Self);
                break;
            case TcpCoreEvent.Failed when Open is Opening.Passive accepted:
                accepted.HalfOpenEnded(Self);
                break;
        }
    }

    private IActorRef? Owner => handler ?? Open switch
    {
        Opening.Active active => active.Commander,
        Opening.Passive passive => passive.Handler,
        _ => null,
    };

    private void Notify(IoTcp.ConnectionClosed closed, IActorRef? alsoTo = null)
    {
        var owner = Owner;
        owner?.Tell(closed, Self);
        if (alsoTo is not null && !alsoTo.Equals(owner))
            alsoTo.Tell(closed, Self);
    }

    /// <summary>A command the state has no use for: enotconn before ESTABLISHED, closed after.</summary>
    private void Refuse(IoTcp.Command command) =>
        Sender.Tell(EnetTcp.Failed(command, Core.State is TcpState.SynSent or TcpState.SynReceived ? TcpError.Enotconn : TcpError.Closed), Self);

    private void Register(IoTcp.Register register)
    {
        if (Core.State is TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait)
        {
            Refuse(register);
            return;
        }
        if (handler is not null && !handler.Equals(register.Handler))
            Context.Unwatch(handler);
        handler = register.Handler;
        Context.Watch(handler);
        useResumeWriting = register.UseResumeWriting;
        Core.KeepOpenOnPeerClosed = register.KeepOpenOnPeerClosed;
        Run(() => Core.DeliverHeld(Now));
    }

    /// <summary>Akka.IO's write rules: a write is taken while no other waits for room (acknowledged once all of it is in
    /// the send buffer); one that comes while another waits fails, and with useResumeWriting so does every later one
    /// until ResumeWriting, so the bytes that do go keep their order.</summary>
    private void Write(IoTcp.Write write)
    {
        if (pending is not null || writingSuspended)
        {
            writingSuspended |= useResumeWriting;
            Sender.Tell(EnetTcp.Failed(write, TcpError.Enobufs), Self);
            return;
        }
        if (Core.State is not (TcpState.Established or TcpState.CloseWait))
        {
            Refuse(write);
            return;
        }
        pending = new PendingWrite(Sender, write, write.Data);
        Run(() => { });
    }

    /// <summary>As much of the pending write as the send buffer has room for; its ack once the last byte is in.</summary>
    private void WritePending()
    {
        var write = pending!;
        var room = Math.Min(Core.SendCapacity - Core.SendQueued, write.Rest.Count);
        if (room > 0 || write.Rest.IsEmpty)
        {
            if (Core.Send(write.Rest.ToReadOnlySpan()[..room], Now) is { } error)
            {
                pending = null;
                write.Commander.Tell(EnetTcp.Failed(write.Write, error), Self);
                return;
            }
            write.Rest = write.Rest.Slice(room);
        }
        if (write.Rest.Count > 0)
            return;
        pending = null;
        if (write.Write.WantsAck)
            write.Commander.Tell(write.Write.Ack, Self);
    }

    private void Close(IoTcp.Command command, TcpCloseKind kind)
    {
        var previous = closeCommander;
        closeCommander = Sender;
        Run(() =>
        {
            if (Core.Close(kind, Now) is not { } error)
                return;
            closeCommander = previous;
            Sender.Tell(EnetTcp.Failed(command, error), Self);
        });
    }

    private void ResumeWriting(IoTcp.ResumeWriting command)
    {
        if (Core.State is not (TcpState.Established or TcpState.CloseWait))
        {
            Refuse(command);
            return;
        }
        resumeWritingTo = Sender;
        TryResumeWriting();
    }

    private void TryResumeWriting()
    {
        if (resumeWritingTo is null || pending is not null)
            return;
        writingSuspended = false;
        resumeWritingTo.Tell(IoTcp.WritingResumed.Instance, Self);
        resumeWritingTo = null;
    }

    /// <summary>inet:setopts on a live connection; see <see cref="EnetTcp.SetOptions"/> for what can be refused.</summary>
    private void SetOptions(EnetTcp.SetOptions command)
    {
        var ok = false;
        Run(() => ok = Core.SetOptions(command.Options, Now));
        if (!ok)
            Sender.Tell(EnetTcp.Failed(command, TcpError.Einval), Self);
        else if (command.Ack is { } ack)
            Sender.Tell(ack, Self);
    }

    /// <summary>A write the send buffer has not yet taken whole: who wrote it, and the bytes still to go in.</summary>
    private sealed class PendingWrite(IActorRef commander, IoTcp.Write write, ByteString rest)
    {
        public IActorRef Commander { get; } = commander;

        public IoTcp.Write Write { get; } = write;

        public ByteString Rest { get; set; } = rest;
    }
}
