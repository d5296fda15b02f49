namespace Enet.Actors.Tcp;

/// <summary>What a <see cref="TcpCore"/> needs from whoever runs it: somewhere to send segments, someone to hand
/// data to, and someone to tell what happened. Called synchronously from inside the core's methods; an
/// implementation must not call back into the core.</summary>
public interface ITcpCoreHost
{
    /// <summary>Send <paramref name="segment"/> now; its payload is read from the send buffer during the call.</summary>
    void Transmit(in TcpSegmentOut segment);

    /// <summary>In-order data for the user; false when the user cannot take it now, and the core keeps it in its
    /// receive buffer (closing the window as that fills) until <see cref="TcpCore.DeliverHeld"/>.</summary>
    bool Deliver(ReadOnlyMemory<byte> data);

    void Event(TcpCoreEvent e, TcpError error = default);
}
