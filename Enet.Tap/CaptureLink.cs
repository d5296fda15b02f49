using System.Threading.Channels;

namespace Enet.Tap;

/// <summary>
/// Wraps a link and shows every frame that crosses it, both ways, to a sink (the dumper's pcap writer):
/// sent frames after the inner link accepts them, received frames before they are passed on. Received
/// frames move through without a copy. Owns and disposes the inner link.
/// </summary>
public sealed class CaptureLink : ILink
{
    private readonly ILink inner;
    private readonly FrameSink sink;
    private readonly TimeProvider time;
    private readonly ReceiveQueue queue;
    private readonly Task pump;

    public CaptureLink(ILink inner, FrameSink sink, int receiveCapacity = 1024, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(sink);
        this.inner = inner;
        this.sink = sink;
        this.time = time ?? TimeProvider.System;
        queue = new ReceiveQueue(receiveCapacity, Counters, this.time);
        pump = Task.Run(Pump);
        Completion = Task.WhenAll(inner.Completion, pump);
    }

    public string Name => inner.Name;
    public int Mtu => inner.Mtu;
    public ChannelReader<LinkFrame> Received => queue.Reader;
    public Task Completion { get; }

    /// <summary>This wrapper's own counts; the inner link keeps its own too.</summary>
    public LinkCounters Counters { get; } = new();

    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        if (!inner.TrySend(frame))
        {
            Counters.CountSendDrop();
            return false;
        }
        Counters.CountSent(frame.Length);
        sink(LinkDirection.Sent, ReceiveQueue.UnixNanoseconds(time), frame);
        return true;
    }

    public void Dispose()
    {
        inner.Dispose();
        queue.Drain();
    }

    public override string ToString() => $"capture {inner}";

    private async Task Pump()
    {
        try
        {
            await foreach (var frame in inner.Received.ReadAllAsync().ConfigureAwait(false))
            {
                sink(LinkDirection.Received, frame.TimestampNanoseconds, frame.Span);
                queue.TryOffer(frame);
            }
        }
        finally
        {
            queue.Complete();
        }
    }
}
