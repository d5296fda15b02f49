using AkkaInet = Akka.IO.Inet;

namespace Enet.Actors.Tcp;

/// <summary>Per-connection socket options (Erlang's inet options) given with Akka.IO's Connect or Bind as an
/// <see cref="EnetTcpOption"/> (on a Bind they hold for each accepted connection), or changed live with
/// <see cref="EnetTcp.SetOptions"/>. A null buffer size takes the layer's <see cref="TcpSettings"/> (in SetOptions: leaves
/// the buffer as it is).</summary>
public sealed record TcpOptions
{
    public static readonly TcpOptions Default = new();

    /// <summary>Erlang's recbuf: the receive buffer, so the largest window advertised (RFC 9293 3.8.6). Above 65535 it
    /// needs window scaling (RFC 7323 2), which is settled in the SYNs: a connection made with a smaller buffer keeps
    /// the scale it offered then.</summary>
    public int? ReceiveBuffer { get; init; }

    /// <summary>Erlang's sndbuf: the send buffer, which is also the retransmission queue.</summary>
    public int? SendBuffer { get; init; }

    /// <summary>Erlang's nodelay (TCP_NODELAY): send small segments at once instead of holding them while data is
    /// unacknowledged (Nagle, RFC 896 and RFC 9293 3.7.4).</summary>
    public bool NoDelay { get; init; }

    /// <summary>Erlang's keepalive (SO_KEEPALIVE): probe an idle connection and end it with etimedout when the peer no
    /// longer answers (RFC 1122 4.2.3.6); times and count from <see cref="TcpSettings"/>.</summary>
    public bool KeepAlive { get; init; }

    /// <summary>Erlang's tos (IP_TOS): the type-of-service byte of every IPv4 datagram the connection sends (RFC 791 3.1,
    /// its DSCP as RFC 2474 3 reads it). A change takes effect on the next segment.</summary>
    public byte Tos { get; init; }

    /// <summary>Erlang's reuseaddr (SO_REUSEADDR): the port of this connection, or of this listener's connections, may be
    /// bound again while the connection lives (TIME-WAIT included) by a socket that says so too.</summary>
    public bool ReuseAddress { get; init; }

    /// <summary>The options an Akka.IO Connect or Bind carries: the last <see cref="EnetTcpOption"/> among them, else the
    /// defaults. Akka's own Inet.SO options configure an operating-system socket and keep their values private, so
    /// they are not read.</summary>
    public static TcpOptions From(IEnumerable<AkkaInet.SocketOption>? options) =>
        options?.OfType<EnetTcpOption>().LastOrDefault()?.Options ?? Default;
}

/// <summary>Enet's <see cref="TcpOptions"/> as one Akka.IO socket option, for Connect and Bind.</summary>
public sealed class EnetTcpOption(TcpOptions options) : AkkaInet.SocketOption
{
    public TcpOptions Options { get; } = options;
}
