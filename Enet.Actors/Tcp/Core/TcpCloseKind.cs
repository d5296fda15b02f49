namespace Enet.Actors.Tcp;

/// <summary>Which close the user asked for decides the event at the end (Akka.IO: Close, ConfirmedClose, or none
/// when the connection closes its side itself after the peer's FIN).</summary>
public enum TcpCloseKind
{
    None,
    Close,
    Confirmed,
    AfterPeerClosed,
}
