namespace Enet.Actors.Tcp;

/// <summary>The connection states of RFC 9293 3.3.2 that a <see cref="TcpCore"/> can be in (LISTEN is a
/// <see cref="TcpListener"/>); in CLOSED the core is done and its actor stops.</summary>
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
    Closed,
}
