namespace Enet.Actors.Tcp;

/// <summary>What a <see cref="TcpCore"/> tells its host, besides segments and data.</summary>
public enum TcpCoreEvent
{
    /// <summary>ESTABLISHED was reached.</summary>
    Connected,

    /// <summary>The peer's FIN, after all the data before it was delivered.</summary>
    PeerClosed,

    /// <summary>A <see cref="TcpCloseKind.Close"/> is done: our FIN was acknowledged (or the connection ended after
    /// it).</summary>
    Closed,

    /// <summary>A <see cref="TcpCloseKind.Confirmed"/> close is done: both FINs are acknowledged.</summary>
    ConfirmedClosed,

    /// <summary>The user's abort sent a reset.</summary>
    Aborted,

    /// <summary>The connection failed with the error given: before ESTABLISHED the open failed, after it the
    /// connection is gone.</summary>
    Failed,
}
