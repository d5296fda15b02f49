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
    private long superFrames;

    public long FramesReceived => Volatile.Read(ref framesReceived);
    public long BytesReceived => Volatile.Read(ref bytesReceived);
    public long FramesSent => Volatile.Read(ref framesSent);
    public long BytesSent => Volatile.Read(ref bytesSent);

    /// <summary>Frames that arrived while <see cref="ILink.Received"/> was full, or whose offload header (<see cref="VirtioNetHeader"/>) pointed outside them.</summary>
    public long ReceiveDrops => Volatile.Read(ref receiveDrops);

    /// <summary>Frames <see cref="ILink.TrySend"/> refused: too long, device queue full, link closed.</summary>
    public long SendDrops => Volatile.Read(ref sendDrops);

    /// <summary>Received frames that stand for several segments (a TAP's TCP super-frames, <see cref="TapDeviceOptions.Offload"/>).</summary>
    public long SuperFramesReceived => Volatile.Read(ref superFrames);

    internal void CountSuperFrame() => Interlocked.Increment(ref superFrames);

    internal void CountReceived(int bytes)
    {
        Interlocked.Increment(ref framesReceived);
        Interlocked.Add(ref bytesReceived, bytes);
    }

    /// <summary>Takes back a <see cref="CountReceived"/> for a frame the receive queue then refused.</summary>
    internal void UncountReceived(int bytes)
    {
        Interlocked.Decrement(ref framesReceived);
        Interlocked.Add(ref bytesReceived, -bytes);
    }

    internal void CountSent(int bytes)
    {
        Interlocked.Increment(ref framesSent);
        Interlocked.Add(ref bytesSent, bytes);
    }

    internal void CountReceiveDrop() => Interlocked.Increment(ref receiveDrops);

    internal void CountSendDrop() => Interlocked.Increment(ref sendDrops);

    public override string ToString() =>
        $"rx {FramesReceived} frames {BytesReceived} bytes ({ReceiveDrops} dropped, {SuperFramesReceived} super-frames), tx {FramesSent} frames {BytesSent} bytes ({SendDrops} dropped)";
}
