using System.Diagnostics;
using System.Numerics;
using Enet.Runtime.Actor;
using Enet.Runtime.Dispatch;

namespace Enet.Runtime.Scheduling;

/// <summary>
/// Real-time scheduler: a hashed timer wheel (Varghese and Lauck) turned by one dedicated thread, so a
/// million pending timeouts cost a list entry each, not a <see cref="System.Threading.Timer"/> each.
/// Timers fire at tick granularity, never early.
/// </summary>
public sealed class HashedWheelScheduler : IScheduler, IDisposable
{
    private readonly long _tickTicks;
    private readonly List<ScheduledItem>[] _wheel;
    private readonly int _mask;
    private readonly MpscQueue<ScheduledItem> _pending = new(64);
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private volatile bool _stopped;

    public HashedWheelScheduler(TimeSpan tickResolution, int ticksPerWheel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tickResolution, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerWheel, 1);
        _tickTicks = tickResolution.Ticks;
        var length = (int)BitOperations.RoundUpToPowerOf2((uint)ticksPerWheel);
        _wheel = new List<ScheduledItem>[length];
        for (var i = 0; i < length; i++)
        {
            _wheel[i] = [];
        }

        _mask = length - 1;
        new Thread(Turn) { IsBackground = true, Name = "enet-timer-wheel" }.Start();
    }

    public DateTimeOffset Now => DateTimeOffset.UtcNow;

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef sender) =>
        Schedule(delay, new ScheduledItem(TimeSpan.Zero, receiver, message, sender));

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef sender)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, new ScheduledItem(interval, receiver, message, sender));
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Schedule(delay, new ScheduledItem(TimeSpan.Zero, action));

    public void Dispose() => _stopped = true;

    private long ElapsedTicks => Stopwatch.GetElapsedTime(_startTimestamp).Ticks;

    private ScheduledItem Schedule(TimeSpan delay, ScheduledItem item)
    {
        item.Deadline = ElapsedTicks + Math.Max(0, delay.Ticks);
        _pending.Enqueue(item);
        return item;
    }

    private void Turn()
    {
        for (long tick = 0; !_stopped; tick++)
        {
            var tickDeadline = (tick + 1) * _tickTicks;
            for (var wait = tickDeadline - ElapsedTicks; wait > 0; wait = tickDeadline - ElapsedTicks)
            {
                Thread.Sleep((int)Math.Ceiling(TimeSpan.FromTicks(wait).TotalMilliseconds));
            }

            TransferPending(tick);
            Expire(_wheel[tick & _mask], tickDeadline);
        }
    }

    private void TransferPending(long tick)
    {
        while (_pending.TryDequeue(out var item))
        {
            if (item.IsCancellationRequested)
            {
                continue;
            }

            var dueTick = item.Deadline / _tickTicks;
            item.RemainingRounds = (dueTick - tick) / _wheel.Length;
            _wheel[Math.Max(dueTick, tick) & _mask].Add(item);
        }
    }

    private void Expire(List<ScheduledItem> bucket, long tickDeadline)
    {
        for (var i = bucket.Count - 1; i >= 0; i--)
        {
            var item = bucket[i];
            if (!item.IsCancellationRequested && (item.RemainingRounds > 0 || item.Deadline > tickDeadline))
            {
                item.RemainingRounds--;
                continue;
            }

            bucket[i] = bucket[^1];
            bucket.RemoveAt(bucket.Count - 1);
            if (item.IsCancellationRequested)
            {
                continue;
            }

            Fire(item);
            if (item.Interval > TimeSpan.Zero && !item.IsCancellationRequested)
            {
                item.Deadline += item.Interval.Ticks;
                _pending.Enqueue(item);
            }
        }
    }

    private static void Fire(ScheduledItem item)
    {
        try
        {
            item.Run();
        }
        catch (Exception)
        {
            // One faulty callback must not stop the wheel, or every other timer in the system would die with it.
        }
    }
}
