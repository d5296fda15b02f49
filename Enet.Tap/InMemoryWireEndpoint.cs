using System.Threading.Channels;

namespace Enet.Tap;

/// <summary>One plug of an <see cref="InMemoryWire"/>.</summary>
internal sealed class InMemoryWireEndpoint : ILink
{
    private const int LinkHeaderAllowance = 18;

    private readonly InMemoryWire wire;
    private readonly ReceiveQueue queue;
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int disposed;

    public InMemoryWireEndpoint(InMemoryWire wire, string name, int mtu, ReceiveQueue queue)
    {
        this.wire = wire;
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
        if (frame.Length > Mtu + LinkHeaderAllowance || Volatile.Read(ref disposed) != 0)
        {
            Counters.CountSendDrop();
            return false;
        }
        Counters.CountSent(frame.Length);
        wire.Carry(this, frame);
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
        wire.Detach(this);
        queue.Drain();
        completion.TrySetResult();
    }

    public override string ToString() => $"wire {Name}";
}
