using System.Threading.Channels;

namespace Enet.Tap;

/// <summary>
/// A plug into a shared segment that carries frames between its plugs in memory (an <see cref="InMemoryWire"/>, a
/// remote segment): what is sent goes to <see cref="Carry"/>, what the segment hands over waits in the receive queue,
/// and a disposed plug neither sends nor receives.
/// </summary>
internal abstract class HubLink : ILink
{
    /// <summary>An Ethernet header with an 802.1Q tag, beyond the MTU.</summary>
    private const int LinkHeaderAllowance = 18;

    private readonly ReceiveQueue queue;
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int disposed;

    protected HubLink(string name, int mtu, ReceiveQueue queue)
    {
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

    /// <summary>The longest frame the segment carries.</summary>
    protected virtual int MaxFrameLength => Mtu + LinkHeaderAllowance;

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > MaxFrameLength || Volatile.Read(ref disposed) != 0)
        {
            Counters.CountSendDrop();
            return false;
        }
        Counters.CountSent(frame.Length);
        if (!Carry(frame))
            Counters.CountSendDrop();
        return true;
    }

    /// <summary>The segment takes <paramref name="frame"/>; false when some of it was dropped on the way out.</summary>
    protected abstract bool Carry(ReadOnlySpan<byte> frame);

    /// <summary>The segment leaves this plug.</summary>
    protected abstract void Detach();

    public void Deliver(ReadOnlySpan<byte> frame)
    {
        if (Volatile.Read(ref disposed) == 0)
            queue.TryDeliver(frame);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
            return;
        Detach();
        queue.Drain();
        completion.TrySetResult();
    }
}
