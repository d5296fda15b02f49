namespace Enet.Actors.Tcp;

/// <summary>
/// Delayed acknowledgment (RFC 1122 4.2.3.2, RFC 5681 4.2): an in-order segment may wait for the delayed-ACK timer
/// (at most 500 ms, 200 ms by default), but at least every second segment is acknowledged at once. Any segment we
/// send carries the ACK, so sending clears what is pending. A segment longer than a full-sized one (a TAP's 64 kB
/// super-frame stands for many) counts as that many: waiting on it for a "second segment" would stall the sender for
/// the whole timeout with its window spent.
/// </summary>
public sealed class DelayedAck
{
    private int segments;

    public bool Pending => segments > 0;

    /// <summary>An in-order segment of <paramref name="length"/> bytes arrived, <paramref name="fullSize"/> being the MSS
    /// we announced; true when it must be acknowledged now.</summary>
    public bool Received(int length, int fullSize) => (segments += Math.Max(1, length / Math.Max(1, fullSize))) >= 2;

    public void Sent() => segments = 0;
}
