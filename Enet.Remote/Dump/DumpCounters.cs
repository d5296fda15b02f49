using Enet.Actors.FrameBus;

namespace Enet.Remote.Dump;

/// <summary>What one enet_dump subscription has sent its subscriber and lost, readable from any thread.</summary>
public sealed class DumpCounters
{
    private long sent;
    private long busyDrops;
    private FrameSubscription? subscription;

    /// <summary>Frames sent to the subscriber.</summary>
    public long Sent => Volatile.Read(ref sent);

    /// <summary>Frames lost: the subscription's queue was full (the subscriber behind), or the distribution connection
    /// to the subscriber's node was busy (erlang:send_nosuspend/2 would have failed).</summary>
    public long Dropped => Volatile.Read(ref busyDrops) + (Volatile.Read(ref subscription)?.Dropped ?? 0);

    internal void CountSent() => Interlocked.Increment(ref sent);

    internal void CountBusyDrop() => Interlocked.Increment(ref busyDrops);

    /// <summary>The bus subscription whose full queue's drops count here too.</summary>
    internal void Attach(FrameSubscription busSubscription) => Volatile.Write(ref subscription, busSubscription);
}
