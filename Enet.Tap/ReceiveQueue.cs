using System.Threading.Channels;

namespace Enet.Tap;

/// <summary>The bounded receive side every link shares: counts what it takes and what it drops.</summary>
/// <remarks>Tail drop when full (the newest frame goes), as a NIC's receive ring does; the channel is
/// never unbounded, so a stalled reader costs a fixed amount of memory.</remarks>
internal sealed class ReceiveQueue
{
    private readonly Channel<LinkFrame> channel;
    private readonly LinkCounters counters;
    private readonly TimeProvider time;

    /// <param name="inlineReader">A reader waiting for frames continues on the thread that offers one (the channel's
    /// AllowSynchronousContinuations), not on the thread pool. For a link with a thread of its own (a TAP's reader):
    /// a link reader then publishes on that thread, where the pool's wake-up measured 1-7 ms under load, each one a
    /// stall with the peer's window in flight.</param>
    public ReceiveQueue(int capacity, LinkCounters counters, TimeProvider time, bool inlineReader = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        channel = Channel.CreateBounded<LinkFrame>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
            AllowSynchronousContinuations = inlineReader,
        });
        this.counters = counters;
        this.time = time;
    }

    public ChannelReader<LinkFrame> Reader => channel.Reader;

    public LinkCounters Counters => counters;

    public long Now => UnixNanoseconds(time);

    /// <summary>Copies <paramref name="frame"/> into a pooled buffer and queues it, or counts a drop.</summary>
    public bool TryDeliver(ReadOnlySpan<byte> frame) => TryOffer(LinkFrame.Copy(frame, Now));

    /// <summary>Queues a frame the caller already owns; on failure the frame is disposed and counted.</summary>
    public bool TryOffer(LinkFrame frame)
    {
        var length = frame.Length;
        // Counted before the frame is visible: a reader continuing inline (or racing on another thread) that takes
        // it from the queue finds it counted already.
        counters.CountReceived(length);
        if (channel.Writer.TryWrite(frame))
            return true;
        counters.UncountReceived(length);
        frame.Dispose();
        counters.CountReceiveDrop();
        return false;
    }

    /// <summary>Waits for room instead of dropping: for sources (replay) that must not lose frames.</summary>
    public async ValueTask OfferAsync(LinkFrame frame, CancellationToken cancel)
    {
        var length = frame.Length;
        try
        {
            await channel.Writer.WriteAsync(frame, cancel).ConfigureAwait(false);
        }
        catch
        {
            frame.Dispose();
            throw;
        }
        counters.CountReceived(length);
    }

    /// <summary>Ends the channel; readers still get the frames already queued.</summary>
    public void Complete() => channel.Writer.TryComplete();

    /// <summary>Returns queued buffers to the pool once the owner is gone.</summary>
    public void Drain()
    {
        channel.Writer.TryComplete();
        while (channel.Reader.TryRead(out var frame))
            frame.Dispose();
    }

    public static long UnixNanoseconds(TimeProvider time) =>
        (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * TimeSpan.NanosecondsPerTick;
}
