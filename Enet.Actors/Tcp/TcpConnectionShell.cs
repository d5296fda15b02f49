using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// The actor around one <see cref="TcpCore"/>, shared by a connection's two faces: Akka.IO's
/// (<see cref="TcpConnection"/>) and gen_tcp's (<see cref="GenTcp.TcpSocketActor"/>). Segments from the layer go into
/// the core with the scheduler's time, one timer is kept at the core's <see cref="TcpCore.PollAt"/>, and segments the
/// core sends go to the IPv4 layer; what the core hands over and tells is the face's to turn into its messages. The
/// actor stops when the core reaches CLOSED (unless the face's user still holds it). A face never calls the core from inside <see cref="Deliver"/> or
/// <see cref="OnEvent"/> (the core is mid-call then): it acts in <see cref="AfterRun"/>.
/// </summary>
public abstract class TcpConnectionShell : ReceiveActor, IWithTimers, ITcpCoreHost
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

        /// <summary>A listener accepted <paramref name="Syn"/> for a Bind of <paramref name="Handler"/>; or, with a
        /// <paramref name="Cookie"/>, the ACK in <paramref name="Syn"/> brought back a SYN cookie (RFC 4987 3.6) and
        /// the connection was never half-open.</summary>
        public sealed record Passive(Bytes Syn, IActorRef Handler, IActorRef Listener, TcpOptions Options, bool Pull,
            SynCookie? Cookie = null) : Opening
        {
            public override bool PullMode => Pull;

            /// <summary>Tells the listener this connection no longer holds a place in its SYN backlog.</summary>
            public void HalfOpenEnded(IActorRef self)
            {
                if (Cookie is null)
                    Listener.Tell(TcpListener.HalfOpenEnded.Instance, self);
            }
        }

        public abstract TcpOptions Options { get; init; }

        /// <summary>Akka.IO's pull mode: nothing is read until ResumeReading, and each ResumeReading reads once.</summary>
        public abstract bool PullMode { get; }
    }

    internal sealed record Endpoint(Ipv4Output Ipv4, IActorRef Layer, ConnectionId Id, TcpCounters Counters, TcpSettings Settings,
        int Mss, SequenceNumber Iss, ChallengeAckLimit ChallengeAcks);

    private sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }

    private DateTimeOffset? pollScheduled;
    private DateTimeOffset lastTime;
    private bool released;

    private protected TcpConnectionShell(Endpoint endpoint, Opening opening)
    {
        Connection = endpoint;
        Open = opening;
        Core = new TcpCore(this, endpoint.Settings, endpoint.Counters, endpoint.Mss, endpoint.Iss, opening.Options,
            opening is Opening.Passive, endpoint.ChallengeAcks);
        // The per-segment paths call the core directly, without a closure to allocate.
        Receive<Inbound>(i =>
        {
            Core.Process(i.Segment.Memory, Now);
            Ran();
        });
        Receive<Poll>(_ =>
        {
            // The timer was due then, whatever the clock reads as this message is handled: a virtual clock may not
            // have reached it yet, and then nothing would be due and the timer never set again.
            if (pollScheduled is { } due && due > lastTime)
                lastTime = due;
            pollScheduled = null;
            Core.Dispatch(Now);
            Ran();
        });
        Receive<EnetTcp.GetConnectionInfo>(_ => Sender.Tell(Core.Info(), Self));
        Receive<EnetTcp.GetTcpInfo>(_ => Sender.Tell(Core.TcpInfo(), Self));
    }

    private protected Endpoint Connection { get; }

    private protected Opening Open { get; }

    private protected TcpCore Core { get; }

    /// <summary>The scheduler's time, never behind a timer already handled: the core's time only moves forward.</summary>
    private protected DateTimeOffset Now
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
        switch (Open)
        {
            case Opening.Active active:
                Run(() => Core.Connect(Now, active.Connect.Timeout));
                break;
            case Opening.Passive passive:
                Run(() =>
                {
                    if (passive.Cookie is { } cookie)
                        Core.AcceptCookie(passive.Syn.Memory, cookie, Now);
                    else if (!Core.Accept(passive.Syn.Memory, Now))
                        passive.HalfOpenEnded(Self);
                });
                break;
        }
    }

    /// <summary>Every call into the core ends here: stop once CLOSED, else let the face act on what it heard and keep
    /// the one timer at the next deadline (set again only when due earlier than it is set for: one that fires early
    /// finds nothing due and is set again).</summary>
    private protected void Run(Action call)
    {
        call();
        Ran();
    }

    private void Ran()
    {
        if (Core.State != TcpState.Closed)
            AfterRun();
        if (Core.State == TcpState.Closed)
        {
            if (!OutlivesConnection)
                Context.Stop(Self);
            else if (!released)
            {
                // The connection is over though its user holds the socket: its 4-tuple and port are free again.
                released = true;
                Connection.Layer.Tell(TcpLayer.Released.Instance, Self);
            }
            return;
        }
        if (Core.PollAt() is not { } due)
            return;
        if (pollScheduled is { } scheduled && scheduled <= due)
            return;
        pollScheduled = due;
        var delay = due - Now;
        Timers.StartSingleTimer(Poll.Instance, Poll.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    /// <summary>The actor stays after the core is CLOSED while its user still holds it (a gen_tcp socket until
    /// gen_tcp:close, as a socket keeps its port bound until close(2)); the next <see cref="Run"/> after that stops it.</summary>
    private protected virtual bool OutlivesConnection => false;

    /// <summary>After each call into the core: the face's turn to call it (queued writes, a close it decided on).</summary>
    private protected virtual void AfterRun()
    {
    }

    void ITcpCoreHost.Transmit(in TcpSegmentOut segment) =>
        TcpOutput.Send(Connection.Ipv4, Self, Connection.Counters, Connection.Id, segment, Core.Options.Tos);

    bool ITcpCoreHost.Deliver(ReadOnlyMemory<byte> data) => Deliver(data);

    void ITcpCoreHost.Event(TcpCoreEvent e, TcpError error) => OnEvent(e, error);

    /// <summary>In-order data for the user; false leaves it held in the core, whose window then closes as it fills.</summary>
    private protected abstract bool Deliver(ReadOnlyMemory<byte> data);

    private protected abstract void OnEvent(TcpCoreEvent e, TcpError error);
}
