using Enet.Actors.Inet;
using Enet.Codecs;
using Akka.Actor;
using Akka.IO;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// The actor around one <see cref="TcpCore"/>: segments from the layer and the user's commands go into the core with
/// the scheduler's time, one timer is kept at the core's <see cref="TcpCore.PollAt"/>, segments the core sends go to
/// the IPv4 layer, and what it tells becomes Akka.IO's own events (<see cref="Akka.IO.Tcp"/>): this actor is the
/// connection actor of Akka.IO's protocol. The actor stops when the core reaches CLOSED.
/// </summary>
public sealed class TcpConnection : ReceiveActor, IWithTimers, ITcpCoreHost
{
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A segment for this connection's 4-tuple, checksum verified by the layer.</summary>
    internal sealed record Inbound(Bytes Segment);

    /// <summary>What the connection was made for.</summary>
    internal abstract record Opening
    {
        /// <summary>RFC 9293 3.5 active open, for <paramref name="Commander"/>.</summary>
        public sealed record Active(IoTcp.Connect Connect, TcpOptions Options, IActorRef Commander) : Opening
        {
            public override bool PullMode => Connect.PullMode;
        }

        /// <summary>A listener accepted <paramref name="Syn"/>.</summary>
        public sealed record Passive(Bytes Syn, IActorRef Handler, IActorRef Listener, TcpOptions Options, bool Pull) : Opening
        {
            public override bool PullMode => Pull;
        }

        public abstract TcpOptions Options { get; init; }

        /// <summary>Akka.IO's pull mode: nothing is read until ResumeReading, and each ResumeReading reads once.</summary>
        public abstract bool PullMode { get; }
    }

    internal sealed record Endpoint(IActorRef Ipv4, IActorRef Layer, ConnectionId Id, TcpCounters Counters, TcpSettings Settings,
        int Mss, SequenceNumber Iss);

    private sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }

    private readonly Endpoint endpoint;
    private readonly Opening opening;
    private readonly TcpCore core;
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
    private DateTimeOffset? pollScheduled;
    private DateTimeOffset lastTime;

    internal TcpConnection(Endpoint endpoint, Opening opening)
    {
        this.endpoint = endpoint;
        this.opening = opening;
        readingSuspended = opening.PullMode;
        core = new TcpCore(this, endpoint.Settings, endpoint.Counters, endpoint.Mss, endpoint.Iss, opening.Options,
            opening is Opening.Passive);
        Receive<Inbound>(i => Run(() => core.Process(i.Segment.Memory, Now)));
        Receive<Poll>(_ =>
        {
            // The timer was due then, whatever the clock reads as this message is handled: a virtual clock may not
            // have reached it yet, and then nothing would be due and the timer never set again.
            if (pollScheduled is { } due && due > lastTime)
                lastTime = due;
            pollScheduled = null;
            Run(() => core.Dispatch(Now));
        });
        Receive<IoTcp.Register>(Register);
        Receive<IoTcp.Write>(Write);
        Receive<IoTcp.Close>(c => Close(c, TcpCloseKind.Close));
        Receive<IoTcp.ConfirmedClose>(c => Close(c, TcpCloseKind.Confirmed));
        Receive<IoTcp.Abort>(_ =>
        {
            closeCommander = Sender;
            Run(() => core.Abort(Now));
        });
        Receive<IoTcp.ResumeWriting>(ResumeWriting);
        Receive<IoTcp.SuspendReading>(_ => readingSuspended = true);
        Receive<IoTcp.ResumeReading>(_ =>
        {
            readingSuspended = false;
            Run(() => core.DeliverHeld(Now));
        });
        Receive<EnetTcp.SetOptions>(SetOptions);
        Receive<EnetTcp.GetConnectionInfo>(_ => Sender.Tell(core.Info(), Self));
        // Akka.IO aborts a connection whose handler died before it began to close: nobody is left to read it.
        Receive<Terminated>(t => t.ActorRef.Equals(handler) && core.State is TcpState.Established or TcpState.CloseWait,
            _ => Run(() => core.Abort(Now)));
        Receive<Terminated>(_ => { });
        Receive<IoTcp.Command>(Refuse);
    }

    internal static Props Props(Endpoint endpoint, Opening opening) =>
        ActorProps.Create(() => new TcpConnection(endpoint, opening));

    /// <summary>The scheduler's time, never behind a timer already handled: the core's time only moves forward.</summary>
    private DateTimeOffset Now
    {
        get
        {
            var now = Context.System.Scheduler.Now;
            if (now > lastTime)
                lastTime = now;
            return lastTime;
        }
    }

    protected override void PreStart()
    {
        switch (opening)
        {
            case Opening.Active active:
                Run(() => core.Connect(Now, active.Connect.Timeout));
                break;
            case Opening.Passive passive:
                Run(() =>
                {
                    if (!core.Accept(passive.Syn.Memory, Now))
                        passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                });
                break;
        }
    }

    /// <summary>Every call into the core ends here: stop once CLOSED, else move the pending write on and keep the one
    /// timer at its next deadline (set again only when due earlier than it is set for: one that fires early finds
    /// nothing due and is set again).</summary>
    private void Run(Action call)
    {
        call();
        if (core.State == TcpState.Closed)
        {
            Context.Stop(Self);
            return;
        }
        if (pending is not null)
            WritePending();
        TryResumeWriting();
        if (core.PollAt() is not { } due)
            return;
        if (pollScheduled is { } scheduled && scheduled <= due)
            return;
        pollScheduled = due;
        var delay = due - Now;
        Timers.StartSingleTimer(Poll.Instance, Poll.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    void ITcpCoreHost.Transmit(in TcpSegmentOut segment) =>
        TcpOutput.Send(endpoint.Ipv4, Self, endpoint.Counters, endpoint.Id, segment, core.Options.Tos);

    bool ITcpCoreHost.Deliver(ReadOnlyMemory<byte> data)
    {
        if (handler is null || readingSuspended)
            return false;
        handler.Tell(new IoTcp.Received(ByteStrings.Wrap(data)), Self);
        // Pull mode reads once per ResumeReading.
        readingSuspended = opening.PullMode;
        return true;
    }

    void ITcpCoreHost.Event(TcpCoreEvent e, TcpError error)
    {
        switch (e)
        {
            case TcpCoreEvent.Connected:
                connected = true;
                var id = endpoint.Id;
                var message = new IoTcp.Connected(EndPoints.From(id.RemoteAddress, id.RemotePort), EndPoints.From(id.LocalAddress, id.LocalPort));
                if (opening is Opening.Passive passive)
                {
                    passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                    passive.Handler.Tell(message, Self);
                }
                else if (opening is Opening.Active active)
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
            case TcpCoreEvent.Failed when opening is Opening.Active opened:
                opened.Commander.Tell(EnetTcp.Failed(opened.Connect, error), Self);
                break;
            case TcpCoreEvent.Failed when opening is Opening.Passive accepted:
                accepted.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                break;
        }
    }

    private IActorRef? Owner => handler ?? opening switch
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
        Sender.Tell(EnetTcp.Failed(command, core.State is TcpState.SynSent or TcpState.SynReceived ? TcpError.Enotconn : TcpError.Closed), Self);

    private void Register(IoTcp.Register register)
    {
        if (core.State is TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait)
        {
            Refuse(register);
            return;
        }
        if (handler is not null && !handler.Equals(register.Handler))
            Context.Unwatch(handler);
        handler = register.Handler;
        Context.Watch(handler);
        useResumeWriting = register.UseResumeWriting;
        core.KeepOpenOnPeerClosed = register.KeepOpenOnPeerClosed;
        Run(() => core.DeliverHeld(Now));
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
        if (core.State is not (TcpState.Established or TcpState.CloseWait))
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
        var room = Math.Min(core.SendCapacity - core.SendQueued, write.Rest.Count);
        if (room > 0 || write.Rest.IsEmpty)
        {
            if (core.Send(write.Rest.ToReadOnlySpan()[..room], Now) is { } error)
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
            if (core.Close(kind, Now) is not { } error)
                return;
            closeCommander = previous;
            Sender.Tell(EnetTcp.Failed(command, error), Self);
        });
    }

    private void ResumeWriting(IoTcp.ResumeWriting command)
    {
        if (core.State is not (TcpState.Established or TcpState.CloseWait))
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
        Run(() => ok = core.SetOptions(command.Options, Now));
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
