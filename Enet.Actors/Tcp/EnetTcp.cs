using IoTcp = Akka.IO.Tcp;

namespace Enet.Actors.Tcp;

/// <summary>
/// Enet's messages beside Akka.IO's TCP protocol. The layer, its listeners and its connections speak
/// <see cref="Akka.IO.Tcp"/> itself (Connect, Bind, Register, Write, Received, the close commands and events); these
/// add what Akka.IO has no message for: live socket options, a connection's variables, the layer's counters and
/// settings. A failed command carries its <see cref="TcpError"/> as the cause (<see cref="Reason(IoTcp.CommandFailed)"/>).
/// </summary>
public static class EnetTcp
{
    /// <summary>To a connection: take <see cref="Options"/> from now on (inet:setopts). NoDelay and KeepAlive apply at
    /// once. A buffer size that is null stays as it is. The send buffer can be resized to any size that holds what it
    /// queues now; the receive buffer can only grow, since a smaller one would withdraw window already advertised
    /// (RFC 9293 3.8.6 strongly discourages shrinking it): a size that cannot be taken is a CommandFailed with einval
    /// and nothing of the command is applied. <see cref="Ack"/>, when given, goes back to the sender once applied.</summary>
    public sealed class SetOptions(TcpOptions options, object? ack = null) : IoTcp.Command
    {
        public TcpOptions Options { get; } = options;

        public object? Ack { get; } = ack;
    }

    /// <summary>To the layer: its <see cref="TcpSettings"/> (enet.tcp), answered with them; a socket learns from them the
    /// buffer sizes its connections get when it names none.</summary>
    public sealed record GetSettings
    {
        public static GetSettings Instance { get; } = new();
    }

    /// <summary>To a connection: its state and variables (RFC 9293 3.3.1), for tests and diagnostics; answered with
    /// <see cref="ConnectionInfo"/>.</summary>
    public sealed record GetConnectionInfo
    {
        public static GetConnectionInfo Instance { get; } = new();
    }

    public sealed record ConnectionInfo(TcpState State, uint SndUna, uint SndNxt, int SndWnd, uint RcvNxt, int RcvWnd,
        int SendMss, TimeSpan Rto, TimeSpan? SmoothedRtt, TcpOptions Options, int CongestionWindow, int SlowStartThreshold,
        int FastRetransmits, int SendWindowShift, int ReceiveWindowShift, int UnansweredProbes);

    /// <summary>To a connection (either face): its congestion and loss figures, as Linux's TCP_INFO gives them;
    /// answered with <see cref="TcpInfo"/>.</summary>
    public sealed record GetTcpInfo
    {
        public static GetTcpInfo Instance { get; } = new();
    }

    /// <summary>Counters of the layer, named after RFC 4022's tcp group, then SYN cookies sent, accepted and rejected
    /// (RFC 4987 3.6; Linux's SyncookiesSent, SyncookiesRecv, SyncookiesFailed) and challenge ACKs sent and held back by
    /// the rate limit (RFC 5961 7; Linux's TCPChallengeACK, TCPACKSkippedChallenge).</summary>
    public sealed record GetStatistics
    {
        public static GetStatistics Instance { get; } = new();
    }

    public sealed record Statistics(long ActiveOpens, long PassiveOpens, long AttemptFails, long EstabResets, long CurrEstab,
        long InSegs, long OutSegs, long RetransSegs, long InErrs, long OutRsts, int Connections, long SynCookiesSent,
        long SynCookiesAccepted, long SynCookiesRejected, long ChallengeAcks, long ChallengeAcksSkipped);

    /// <summary>Akka.IO's failure of <paramref name="command"/>, with <paramref name="error"/> as its cause.</summary>
    public static IoTcp.CommandFailed Failed(IoTcp.Command command, TcpError error) =>
        new IoTcp.CommandFailed(command).WithCause(new TcpException(error));

    /// <summary>Why a command failed: the <see cref="TcpError"/> Enet gave it (closed for a failure that names none).</summary>
    public static TcpError Reason(this IoTcp.CommandFailed failed) =>
        failed.Cause.HasValue && failed.Cause.Value is TcpException e ? e.Error : TcpError.Closed;

    /// <summary>Akka.IO's ErrorClosed names its cause as text: Enet's is the error's Erlang atom.</summary>
    public static IoTcp.ErrorClosed ErrorClosed(TcpError error) => new(TcpException.Atom(error));

    /// <summary>The error an <see cref="ErrorClosed(TcpError)"/> names (closed for a cause that is not one of ours).</summary>
    public static TcpError Reason(this IoTcp.ErrorClosed closed) =>
        Enum.TryParse<TcpError>(closed.Cause, ignoreCase: true, out var error) ? error : TcpError.Closed;
}
