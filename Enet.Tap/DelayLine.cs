namespace Enet.Tap;

/// <summary>
/// Frames waiting out a delay before they go to the inner link, released by one timer armed for the
/// earliest. Shares the injector's lock, so releases interleave with sends in one order. Frames due at the
/// same instant leave in the order they came.
/// </summary>
internal sealed class DelayLine : IDisposable
{
    private readonly ILink inner;
    private readonly TimeProvider time;
    private readonly Lock gate;
    private readonly PriorityQueue<LinkFrame, (long Due, long Sequence)> waiting = new();
    private readonly ITimer timer;
    private long sequence;
    private bool disposed;

    public DelayLine(ILink inner, TimeProvider time, Lock gate)
    {
        this.inner = inner;
        this.time = time;
        this.gate = gate;
        timer = time.CreateTimer(_ => Release(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Call with the lock held.</summary>
    public void Hold(ReadOnlySpan<byte> frame, TimeSpan delay)
    {
        var due = time.GetTimestamp() + (long)(delay.TotalSeconds * time.TimestampFrequency);
        var earliest = waiting.TryPeek(out _, out var first) ? first.Due : long.MaxValue;
        waiting.Enqueue(LinkFrame.Copy(frame, 0), (due, sequence++));
        if (due < earliest)
            timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Call with the lock held: drops what is still waiting.</summary>
    public void Dispose()
    {
        disposed = true;
        timer.Dispose();
        while (waiting.TryDequeue(out var frame, out _))
            frame.Dispose();
    }

    private void Release()
    {
        lock (gate)
        {
            if (disposed)
                return;
            var now = time.GetTimestamp();
            while (waiting.TryPeek(out var frame, out var key) && key.Due <= now)
            {
                waiting.Dequeue();
                inner.TrySend(frame.Span);
                frame.Dispose();
            }
            if (waiting.TryPeek(out _, out var next))
                timer.Change(TimeSpan.FromSeconds((double)(next.Due - now) / time.TimestampFrequency), Timeout.InfiniteTimeSpan);
        }
    }
}
