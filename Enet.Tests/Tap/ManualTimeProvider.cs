namespace Enet.Tests.Tap;

/// <summary>A clock tests move by hand: timers fire inside <see cref="Advance"/>, on the caller's thread.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private long ticks = DateTime.UnixEpoch.AddYears(55).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Volatile.Read(ref ticks);

    public override DateTimeOffset GetUtcNow() => new(GetTimestamp(), TimeSpan.Zero);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        lock (gate)
            timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Timers set to fire: someone waits for the clock.</summary>
    public int Armed
    {
        get
        {
            lock (gate)
                return timers.Count(t => t.Due != long.MaxValue);
        }
    }

    public void Advance(TimeSpan by)
    {
        var end = GetTimestamp() + by.Ticks;
        while (true)
        {
            ManualTimer? next;
            lock (gate)
                next = timers.Where(t => t.Due <= end).MinBy(t => t.Due);
            if (next is null)
                break;
            Volatile.Write(ref ticks, Math.Max(GetTimestamp(), next.Due));
            next.Fire();
        }
        Volatile.Write(ref ticks, end);
    }

    private void Remove(ManualTimer timer)
    {
        lock (gate)
            timers.Remove(timer);
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public long Due { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            this.period = period;
            Due = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : clock.GetTimestamp() + dueTime.Ticks;
            return true;
        }

        public void Fire()
        {
            Due = period == Timeout.InfiniteTimeSpan ? long.MaxValue : Due + period.Ticks;
            callback(state);
        }

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
