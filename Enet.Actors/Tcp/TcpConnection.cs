using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Tcp;

/// <summary>
/// The actor around one <see cref="TcpCore"/>: segments from the layer and the user's commands go into the core with
/// the scheduler's time, one timer is kept at the core's <see cref="TcpCore.PollAt"/>, segments the core sends go to
/// the IPv4 layer, and what it tells becomes the Akka.IO-style events of <see cref="Tcp"/>. The actor stops when the
/// core reaches CLOSED.
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
        public sealed record Active(Tcp.Connect Connect, IActorRef Commander) : Opening
        {
            public override TcpOptions Options => Connect.Options ?? TcpOptions.Default;
        }

        /// <summary>A listener accepted <paramref name="Syn"/>.</summary>
        public sealed record Passive(Bytes Syn, IActorRef Handler, IActorRef Listener, TcpOptions PassiveOptions) : Opening
        {
            public override TcpOptions Options => PassiveOptions;
        }

        public abstract TcpOptions Options { get; }
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

    /// <summary>Akka.IO pull mode: received data stays in the core while set.</summary>
    private bool readingSuspended;

    /// <summary>A write was refused for want of space: later ones are too until ResumeWriting (Akka.IO's NACK mode);
    /// <see cref="resumeWritingTo"/> hears WritingResumed when there is room.</summary>
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
        Receive<Tcp.Register>(Register);
        Receive<Tcp.Write>(Write);
        Receive<Tcp.Close>(c => Close(c, TcpCloseKind.Close));
        Receive<Tcp.ConfirmedClose>(c => Close(c, TcpCloseKind.Confirmed));
        Receive<Tcp.Abort>(_ =>
        {
            closeCommander = Sender;
            Run(() => core.Abort(Now));
        });
        Receive<Tcp.ResumeWriting>(ResumeWriting);
        Receive<Tcp.SuspendReading>(_ => readingSuspended = true);
        Receive<Tcp.ResumeReading>(_ =>
        {
            readingSuspended = false;
            Run(() => core.DeliverHeld(Now));
        });
        Receive<Tcp.SetOptions>(SetOptions);
        Receive<Tcp.GetConnectionInfo>(_ => Sender.Tell(core.Info(), Self));
        Receive<Tcp.Command>(Refuse);
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

    /// <summary>Every call into the core ends here: stop once CLOSED, else keep the one timer at its next deadline
    /// (set again only when due earlier than it is set for: one that fires early finds nothing due and is set again).</summary>
    private void Run(Action call)
    {
        call();
        if (core.State == TcpState.Closed)
        {
            Context.Stop(Self);
            return;
        }
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
        handler.Tell(new Tcp.Received(data), Self);
        return true;
    }

    void ITcpCoreHost.Event(TcpCoreEvent e, TcpError error)
    {
        switch (e)
        {
            case TcpCoreEvent.Connected:
                connected = true;
                var id = endpoint.Id;
                var message = new Tcp.Connected(id.RemoteAddress, id.RemotePort, id.LocalAddress, id.LocalPort);
                if (opening is Opening.Passive passive)
                {
                    passive.Listener.Tell(TcpListener.HalfOpenEnded.Instance, Self);
                    passive.Handler.Tell(message, Self);
                }
                else if (opening is Opening.Active active)
                    active.Commander.Tell(message, Self);
                break;
            case TcpCoreEvent.PeerClosed:
                Notify(Tcp.PeerClosed.Instance);
                break;
            case TcpCoreEvent.Closed:
                Notify(Tcp.Closed.Instance, closeCommander);
                break;
            case TcpCoreEvent.ConfirmedClosed:
                Notify(Tcp.ConfirmedClosed.Instance, closeCommander);
                break;
            case TcpCoreEvent.Aborted:
                Notify(Tcp.Aborted.Instance, closeCommander);
                break;
            case TcpCoreEvent.Failed when connected:
                Notify(new Tcp.ErrorClosed(error));
                break;
            case TcpCoreEvent.Failed when opening is Opening.Active opened:
                opened.Commander.Tell(new Tcp.CommandFailed(opened.Connect, error), Self);
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

    private void Notify(Tcp.ConnectionClosed closed, IActorRef? alsoTo = null)
    {
        var owner = Owner;
        owner?.Tell(closed, Self);
        if (alsoTo is not null && !alsoTo.Equals(owner))
            alsoTo.Tell(closed, Self);
    }

    /// <summary>A command the state has no use for: enotconn before ESTABLISHED, closed after.</summary>
    private void Refuse(Tcp.Command command) =>
        Sender.Tell(new Tcp.CommandFailed(command, core.State is TcpState.SynSent or TcpState.SynReceived ? TcpError.Enotconn : TcpError.Closed), Self);

    private void Register(Tcp.Register register)
    {
        if (core.State is TcpState.SynSent or TcpState.SynReceived or TcpState.TimeWait)
        {
            Refuse(register);
            return;
        }
        handler = register.Handler;
        core.KeepOpenOnPeerClosed = register.KeepOpenOnPeerClosed;
        Run(() => core.DeliverHeld(Now));
    }

    private void Write(Tcp.Write write)
    {
        // A full buffer refuses the write, and every later one until ResumeWriting, so the bytes that do go keep
        // their order.
        var error = writingSuspended ? TcpError.Enobufs : core.Send(write.Data.Span, Now);
        if (error is { } e)
        {
            writingSuspended |= e == TcpError.Enobufs;
            Sender.Tell(new Tcp.CommandFailed(write, e), Self);
            return;
        }
        if (write.Ack is { } ack)
            Sender.Tell(ack, Self);
        Run(() => { });
    }

    private void Close(Tcp.Command command, TcpCloseKind kind)
    {
        var previous = closeCommander;
        closeCommander = Sender;
        Run(() =>
        {
            if (core.Close(kind, Now) is not { } error)
                return;
            closeCommander = previous;
            Sender.Tell(new Tcp.CommandFailed(command, error), Self);
        });
    }

    private void ResumeWriting(Tcp.ResumeWriting command)
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
        if (resumeWritingTo is null || core.SendQueued > core.SendCapacity / 2)
            return;
        writingSuspended = false;
        resumeWritingTo.Tell(Tcp.WritingResumed.Instance, Self);
        resumeWritingTo = null;
    }

    /// <summary>inet:setopts on a live connection; see <see cref="Tcp.SetOptions"/> for what can be refused.</summary>
    private void SetOptions(Tcp.SetOptions command)
    {
        var ok = false;
        Run(() => ok = core.SetOptions(command.Options, Now));
        if (!ok)
            Sender.Tell(new Tcp.CommandFailed(command, TcpError.Einval), Self);
        else if (command.Ack is { } ack)
            Sender.Tell(ack, Self);
    }
}
