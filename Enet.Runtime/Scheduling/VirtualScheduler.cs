using Enet.Runtime.Actor;

namespace Enet.Runtime.Scheduling;

/// <summary>
/// Scheduler whose clock only moves when a test calls <see cref="Advance"/>: due work then runs at once,
/// on the calling thread, in due-time order (ties in scheduling order).
/// </summary>
public sealed class VirtualScheduler : IScheduler
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<ScheduledItem, (long Due, long Sequence)> _queue = new();
    private long _now;
    private long _sequence;

    public VirtualScheduler()
        : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public VirtualScheduler(DateTimeOffset start)
    {
        _now = start.UtcTicks;
    }

    public DateTimeOffset Now
    {
        get
        {
            lock (_gate)
            {
                return new DateTimeOffset(_now, TimeSpan.Zero);
            }
        }
    }

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef sender) =>
        Schedule(delay, new ScheduledItem(TimeSpan.Zero, receiver, message, sender));

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef sender)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, new ScheduledItem(interval, receiver, message, sender));
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Schedule(delay, new ScheduledItem(TimeSpan.Zero, action));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        AdvanceTo(Now + by);
    }

    public void AdvanceTo(DateTimeOffset when)
    {
        var target = when.UtcTicks;
        while (true)
        {
            ScheduledItem item;
            lock (_gate)
            {
                if (!_queue.TryPeek(out item!, out var priority) || priority.Due > target)
                {
                    _now = Math.Max(_now, target);
                    return;
                }

                _queue.Dequeue();
                _now = Math.Max(_now, priority.Due);
            }

            if (item.IsCancellationRequested)
            {
                continue;
            }

            item.Run();
            if (item.Interval > TimeSpan.Zero && !item.IsCancellationRequested)
            {
                lock (_gate)
                {
                    item.Deadline += item.Interval.Ticks;
                    _queue.Enqueue(item, (item.Deadline, _sequence++));
                }
            }
        }
    }

    private ScheduledItem Schedule(TimeSpan delay, ScheduledItem item)
    {
        lock (_gate)
        {
            item.Deadline = _now + Math.Max(0, delay.Ticks);
            _queue.Enqueue(item, (item.Deadline, _sequence++));
        }

        return item;
    }
}
