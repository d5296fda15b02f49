using System.Threading.Channels;

namespace Enet.Tap.Remote;

/// <summary>One interface's plug into a <see cref="RemoteSegment"/> (<c>link = remote</c>).</summary>
/// <remarks>Sending never waits for a peer: a frame is counted in <see cref="LinkCounters.SendDrops"/> when any
/// peer's queue had no room for it (that peer's <see cref="RemotePeer.Dropped"/> says which), and still reaches
/// the peers that had.</remarks>
internal sealed class RemoteLink : ILink
{
    private const int LinkHeaderAllowance = 18;

    private readonly RemoteSegment segment;
    private readonly ReceiveQueue queue;
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int disposed;

    public RemoteLink(RemoteSegment segment, string name, int mtu, ReceiveQueue queue)
    {
        this.segment = segment;
        this.queue = queue;
        Name = name;
        Mtu = mtu;
        Counters = queue.Counters;
    }

    public string Name { get; }

    public int Mtu { get; }

    public ChannelReader<LinkFrame> Received => queue.Reader;

    public Task Completion => completion.Task;

    public LinkCounters Counters { get; }

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > Math.Min(Mtu + LinkHeaderAllowance, FrameBatch.MaxFrameLength) || Volatile.Read(ref disposed) != 0)
        {
            Counters.CountSendDrop();
            return false;
        }
        Counters.CountSent(frame.Length);
        if (!segment.Send(this, frame))
            Counters.CountSendDrop();
        return true;
    }

    public void Deliver(ReadOnlySpan<byte> frame)
    {
        if (Volatile.Read(ref disposed) == 0)
            queue.TryDeliver(frame);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        segment.Detach(this);
        queue.Drain();
        completion.TrySetResult();
    }

    public override string ToString() => $"remote {segment.Name} {Name}";
}
