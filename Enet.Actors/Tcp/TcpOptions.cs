namespace Enet.Actors.Tcp;

/// <summary>Per-connection socket options (Akka.IO's Inet.SocketOption, Erlang's inet options) given with
/// <see cref="Tcp.Connect"/> or <see cref="Tcp.Bind"/> (then they hold for each accepted connection). A null buffer
/// size takes the layer's <see cref="TcpSettings"/>.</summary>
public sealed record TcpOptions
{
    public static readonly TcpOptions Default = new();

    /// <summary>Erlang's recbuf: the receive buffer, so the largest window advertised (RFC 9293 3.8.6).</summary>
    public int? ReceiveBuffer { get; init; }

    /// <summary>Erlang's sndbuf: the send buffer, which is also the retransmission queue.</summary>
    public int? SendBuffer { get; init; }
}
