namespace Enet.Actors.Tcp;

/// <summary>The connection states of RFC 9293 3.3.2 that a <see cref="TcpConnection"/> can be in (LISTEN is a
/// <see cref="TcpListener"/>, CLOSED is no actor).</summary>
public enum TcpState
{
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}
