namespace Enet.Tap;

/// <summary>What a link has moved and dropped since it opened. Updated with interlocked operations, so any
/// thread may read them while the link runs.</summary>
public sealed class LinkCounters
{
    private long framesReceived;
    private long bytesReceived;
    private long framesSent;
    private long bytesSent;
    private long receiveDrops;
    private long sendDrops;

    public long FramesReceived => Volatile.Read(ref framesReceived);
    public long BytesReceived => Volatile.Read(ref bytesReceived);
    public long FramesSent => Volatile.Read(ref framesSent);
    public long BytesSent => Volatile.Read(ref bytesSent);

    /// <summary>Frames that arrived while <see cref="ILink.Received"/> was full.</summary>
    public long ReceiveDrops => Volatile.Read(ref receiveDrops);

    /// <summary>Frames <see cref="ILink.TrySend"/> refused: too long, device queue full, link closed.</summary>
    public long SendDrops => Volatile.Read(ref sendDrops);

    internal void CountReceived(int bytes)
    {
        Interlocked.Increment(ref framesReceived);
        Interlocked.Add(ref bytesReceived, bytes);
    }

    internal void CountSent(int bytes)
    {
        Interlocked.Increment(ref framesSent);
        Interlocked.Add(ref bytesSent, bytes);
    }

    internal void CountReceiveDrop() => Interlocked.Increment(ref receiveDrops);

    internal void CountSendDrop() => Interlocked.Increment(ref sendDrops);

    public override string ToString() =>
        $"rx {FramesReceived} frames {BytesReceived} bytes ({ReceiveDrops} dropped), tx {FramesSent} frames {BytesSent} bytes ({SendDrops} dropped)";
}
