namespace Enet.Actors.Tcp;

/// <summary>
/// Delayed acknowledgment (RFC 1122 4.2.3.2, RFC 5681 4.2): an in-order segment may wait for the delayed-ACK timer
/// (at most 500 ms, 200 ms by default), but at least every second segment is acknowledged at once. Any segment we
/// send carries the ACK, so sending clears what is pending.
/// </summary>
public sealed class DelayedAck
{
    private int segments;

    public bool Pending => segments > 0;

    /// <summary>An in-order segment arrived; true when it must be acknowledged now.</summary>
    public bool Received() => ++segments >= 2;

    public void Sent() => segments = 0;
}
