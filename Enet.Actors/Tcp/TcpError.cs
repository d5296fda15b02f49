namespace Enet.Actors.Tcp;

/// <summary>
/// Why a TCP command failed or a connection ended, named as the Erlang atoms gen_tcp returns (inet(3) POSIX error
/// codes, plus closed).
/// </summary>
public enum TcpError
{
    /// <summary>RFC 9293 3.10.7.3: the peer answered our SYN with a RST.</summary>
    Econnrefused,

    /// <summary>RFC 9293 3.10.7.4: an acceptable RST ended a synchronized connection.</summary>
    Econnreset,

    /// <summary>RFC 9293 3.8.3 R2 / RFC 1122 4.2.3.5: retransmissions exhausted, or the connect timed out.</summary>
    Etimedout,

    /// <summary>A command for a connection that is not (or no longer) connected.</summary>
    Enotconn,

    /// <summary>Bind to a port that already has a listener.</summary>
    Eaddrinuse,

    /// <summary>A write that does not fit in the send buffer: wait for an earlier write's ack and resend.</summary>
    Enobufs,

    /// <summary>An option value the connection cannot take (see <see cref="Tcp.SetOptions"/>).</summary>
    Einval,

    /// <summary>The connection is closing or closed: no more writes.</summary>
    Closed,
}
