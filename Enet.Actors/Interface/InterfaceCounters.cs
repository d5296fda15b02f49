namespace Enet.Actors.Interface;

/// <summary>An interface's traffic counters, as `ip -s link` shows them. Interlocked, because the link
/// reader counts received frames on its own thread while the interface actor counts sent ones.</summary>
public sealed class InterfaceCounters
{
    private long rxPackets;
    private long rxBytes;
    private long rxErrors;
    private long rxDrops;
    private long txPackets;
    private long txBytes;
    private long txErrors;
    private long txDrops;

    public InterfaceStatistics Snapshot() => new(
        Volatile.Read(ref rxPackets), Volatile.Read(ref rxBytes), Volatile.Read(ref rxErrors), Volatile.Read(ref rxDrops),
        Volatile.Read(ref txPackets), Volatile.Read(ref txBytes), Volatile.Read(ref txErrors), Volatile.Read(ref txDrops));

    internal void CountReceived(int bytes)
    {
        Interlocked.Increment(ref rxPackets);
        Interlocked.Add(ref rxBytes, bytes);
    }

    internal void CountReceiveError() => Interlocked.Increment(ref rxErrors);

    internal void CountReceiveDrop() => Interlocked.Increment(ref rxDrops);

    internal void CountSent(int bytes)
    {
        Interlocked.Increment(ref txPackets);
        Interlocked.Add(ref txBytes, bytes);
    }

    internal void CountSendError() => Interlocked.Increment(ref txErrors);

    internal void CountSendDrop() => Interlocked.Increment(ref txDrops);
}
