using Enet.Codecs;
using Akka.Actor;

namespace Enet.Actors.Tcp;

/// <summary>
/// The Akka.IO-style TCP protocol of a <see cref="TcpLayer"/>, its listeners and its connections, in one place.
/// <see cref="Connect"/> and <see cref="Bind"/> go to the layer; a connection's events come from the connection
/// actor (the sender of <see cref="Connected"/>), which takes <see cref="Register"/>, <see cref="Write"/> and the
/// close commands.
/// </summary>
public static class Tcp
{
    /// <summary>Any event or command that can end in a failure names the command in <see cref="CommandFailed"/>.</summary>
    public abstract record Command;

    /// <summary>Active open (RFC 9293 3.5) to <paramref name="RemoteAddress"/>:<paramref name="RemotePort"/>; the sender
    /// gets <see cref="Connected"/> from the new connection, or <see cref="CommandFailed"/> (econnrefused,
    /// etimedout; eaddrinuse when a <paramref name="LocalPort"/> given is taken, by the rule of <see cref="Bind"/>). A null
    /// timeout waits until retransmission of the SYN gives up.</summary>
    public sealed record Connect(Ipv4Address RemoteAddress, ushort RemotePort, ushort LocalPort = 0, TimeSpan? Timeout = null,
        TcpOptions? Options = null) : Command;

    /// <summary>Passive open (RFC 9293 3.5, LISTEN): <paramref name="Handler"/> gets a <see cref="Connected"/> from each
    /// accepted connection. Answered with <see cref="Bound"/> from the listener, or <see cref="CommandFailed"/>
    /// eaddrinuse: a listener holds the port, or a connection does and not both it and this Bind have
    /// <see cref="TcpOptions.ReuseAddress"/>. <paramref name="Backlog"/> bounds the half-open (SYN-RECEIVED) connections.</summary>
    public sealed record Bind(IActorRef Handler, ushort Port, int Backlog = 128, TcpOptions? Options = null) : Command;

    public sealed record Bound(Ipv4Address LocalAddress, ushort Port);

    /// <summary>To the layer: its <see cref="TcpSettings"/> (enet.tcp), answered with them; a socket learns from them the
    /// buffer sizes its connections get when it names none.</summary>
    public sealed record GetSettings
    {
        public static GetSettings Instance { get; } = new();
    }

    /// <summary>To the listener: stop listening; answered with <see cref="Unbound"/> once the layer has let the port go, so a
    /// Bind sent after it finds the port free. Accepted connections live on.</summary>
    public sealed record Unbind : Command
    {
        public static Unbind Instance { get; } = new();
    }

    public sealed record Unbound
    {
        public static Unbound Instance { get; } = new();
    }

    /// <summary>A connection reached ESTABLISHED; its actor is the sender.</summary>
    public sealed record Connected(Ipv4Address RemoteAddress, ushort RemotePort, Ipv4Address LocalAddress, ushort LocalPort);

    /// <summary>To the connection: <paramref name="Handler"/> gets its events. Data received before this is kept for
    /// it. With <paramref name="KeepOpenOnPeerClosed"/> a FIN from the peer is a half-close (RFC 9293 3.6) and we may
    /// still write; otherwise the connection closes its side too.</summary>
    public sealed record Register(IActorRef Handler, bool KeepOpenOnPeerClosed = false) : Command;

    /// <summary>Queue <paramref name="Data"/> for sending; <paramref name="Ack"/>, when given, goes back to the sender
    /// once the data is in the send buffer. A write that does not fit is <see cref="CommandFailed"/>.</summary>
    public sealed record Write(Bytes Data, object? Ack = null) : Command;

    /// <summary>To a connection: take <paramref name="Options"/> from now on (inet:setopts). NoDelay and KeepAlive apply at
    /// once. A buffer size that is null stays as it is. The send buffer can be resized to any size that holds what it
    /// queues now; the receive buffer can only grow, since a smaller one would withdraw window already advertised
    /// (RFC 9293 3.8.6 strongly discourages shrinking it): a size that cannot be taken is
    /// <see cref="CommandFailed"/> einval and nothing of the command is applied. <paramref name="Ack"/>, when given, goes
    /// back to the sender once applied.</summary>
    public sealed record SetOptions(TcpOptions Options, object? Ack = null) : Command;

    /// <summary>In-order bytes from the peer.</summary>
    public sealed record Received(Bytes Data);

    /// <summary>Akka.IO pull mode: hold received data in the receive buffer instead of sending <see cref="Received"/>;
    /// as the buffer fills the advertised window closes, so the peer is slowed by TCP flow control, not dropped.</summary>
    public sealed record SuspendReading : Command
    {
        public static SuspendReading Instance { get; } = new();
    }

    /// <summary>Deliver what was held and go on delivering.</summary>
    public sealed record ResumeReading : Command
    {
        public static ResumeReading Instance { get; } = new();
    }

    /// <summary>After a <see cref="Write"/> failed for want of buffer space every later write fails too (so order is
    /// kept) until this is sent; <see cref="WritingResumed"/> follows once the send buffer is at most half full.</summary>
    public sealed record ResumeWriting : Command
    {
        public static ResumeWriting Instance { get; } = new();
    }

    public sealed record WritingResumed
    {
        public static WritingResumed Instance { get; } = new();
    }

    /// <summary>Send FIN after the queued data (RFC 9293 3.6); <see cref="Closed"/> when done. Data still arriving is
    /// discarded.</summary>
    public sealed record Close : Command
    {
        public static Close Instance { get; } = new();
    }

    /// <summary>Send FIN after the queued data and wait for the peer's; <see cref="ConfirmedClosed"/> when both are
    /// acknowledged.</summary>
    public sealed record ConfirmedClose : Command
    {
        public static ConfirmedClose Instance { get; } = new();
    }

    /// <summary>Send RST and drop everything queued (RFC 9293 3.10.5 ABORT); <see cref="Aborted"/>.</summary>
    public sealed record Abort : Command
    {
        public static Abort Instance { get; } = new();
    }

    /// <summary>How a connection ended; the handler gets exactly one.</summary>
    public abstract record ConnectionClosed;

    public sealed record Closed : ConnectionClosed
    {
        public static Closed Instance { get; } = new();
    }

    public sealed record ConfirmedClosed : ConnectionClosed
    {
        public static ConfirmedClosed Instance { get; } = new();
    }

    public sealed record Aborted : ConnectionClosed
    {
        public static Aborted Instance { get; } = new();
    }

    /// <summary>The peer sent FIN. Without KeepOpenOnPeerClosed the connection then closes our side as well.</summary>
    public sealed record PeerClosed : ConnectionClosed
    {
        public static PeerClosed Instance { get; } = new();
    }

    public sealed record ErrorClosed(TcpError Reason) : ConnectionClosed;

    public sealed record CommandFailed(Command Command, TcpError Reason);

    /// <summary>To a connection: its state and variables (RFC 9293 3.3.1), for tests and diagnostics; answered with
    /// <see cref="ConnectionInfo"/>.</summary>
    public sealed record GetConnectionInfo
    {
        public static GetConnectionInfo Instance { get; } = new();
    }

    public sealed record ConnectionInfo(TcpState State, uint SndUna, uint SndNxt, int SndWnd, uint RcvNxt, int RcvWnd,
        int SendMss, TimeSpan Rto, TimeSpan? SmoothedRtt, TcpOptions Options, int CongestionWindow, int SlowStartThreshold,
        int FastRetransmits, int SendWindowShift, int ReceiveWindowShift, int UnansweredProbes);

    /// <summary>Counters of the layer, named after RFC 4022's tcp group.</summary>
    public sealed record GetStatistics
    {
        public static GetStatistics Instance { get; } = new();
    }

    public sealed record Statistics(long ActiveOpens, long PassiveOpens, long AttemptFails, long EstabResets, long CurrEstab,
        long InSegs, long OutSegs, long RetransSegs, long InErrs, long OutRsts, int Connections);
}
