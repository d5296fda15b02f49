using System.Threading.Channels;
using Enet.Tap;

namespace Enet.TestKit;

/// <summary>The receive side of a <see cref="TrackedLink"/>.</summary>
internal sealed class TrackedReader(ChannelReader<LinkFrame> inner, Activity activity) : ChannelReader<LinkFrame>
{
    private int holding;

    /// <summary>No frame queued and none being handled. Queue first: a frame leaves it only after
    /// <see cref="holding"/> is set, so reading them in this order never misses one between the two.</summary>
    public bool IsIdle => !inner.TryPeek(out _) && Volatile.Read(ref holding) == 0;

    public override Task Completion => inner.Completion;

    public override bool CanCount => inner.CanCount;

    public override int Count => inner.Count;

    public override bool CanPeek => inner.CanPeek;

    public override bool TryPeek(out LinkFrame item) => inner.TryPeek(out item!);

    public override bool TryRead(out LinkFrame item)
    {
        // The reader is back, so the frame it took before has been handled; it holds the next one, if any, from
        // before it leaves the queue.
        Interlocked.Exchange(ref holding, 1);
        activity.Touch();
        if (inner.TryRead(out item!))
            return true;
        Release();
        return false;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        Release();
        return inner.WaitToReadAsync(cancellationToken);
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref holding, 0) != 0)
            activity.Touch();
    }
}
