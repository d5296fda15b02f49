using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Enet.TestKit;

/// <summary>
/// Akka's scheduler on virtual time, for <c>akka.scheduler.implementation</c>: nothing fires until a test calls
/// <see cref="Advance"/>, which fires every timer due within the span in (due time, scheduling order), each with the
/// clock at its own due time, a periodic timer once per period it spans.
/// </summary>
/// <remarks>
/// Akka.TestKit's TestScheduler loses timers under contention: it fires the queue of one due time from a snapshot and
/// then drops that queue, so a timer an actor adds to that due time in between (a zero delay, or a delay computed
/// from the clock just before it moved) never fires. Here one lock orders every schedule against every pop, and
/// firing happens outside it, so a timer is either in the queue, and fires when its time comes, or already fired.
/// A timer an actor has not started yet when the clock moves is a race no scheduler can see: EnetTestKit.Advance
/// closes it by letting the system go idle (<see cref="Activity"/>) before each timer fires.
/// </remarks>
public sealed class VirtualScheduler : SchedulerBase
{
    private static readonly Stopwatch Monotonic = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private readonly Lock advancing = new();
    private readonly PriorityQueue<Timer, (long Due, long Order)> timers = new();
    private long now = DateTimeOffset.UtcNow.UtcTicks;
    private long order;

    public VirtualScheduler(Config config, ILoggingAdapter log) : base(config, log)
    {
    }

    /// <summary>Real time, as TestScheduler's: TestKit's own deadlines (ExpectMsg's timeout) run on it.</summary>
    public override TimeSpan MonotonicClock => Monotonic.Elapsed;

    public override TimeSpan HighResMonotonicClock => Monotonic.Elapsed;

    protected override DateTimeOffset TimeNow => new(Interlocked.Read(ref now), TimeSpan.Zero);

    /// <summary>
    /// Moves the clock forward by <paramref name="by"/>, firing what falls due on the way, including timers the fired
    /// ones start within the span once they have been started: actors run on their own threads, so
    /// <paramref name="settle"/>, called before each timer is taken, should wait until they have.
    /// </summary>
    public void Advance(TimeSpan by, Action? settle = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (advancing)
        {
            var end = Interlocked.Read(ref now) + by.Ticks;
            for (var fired = 0; ; fired++)
            {
                settle?.Invoke();
                if (!TryPopDue(end, out var timer, out var due))
                    break;
                if (fired > 1_000_000)
                    throw new InvalidOperationException($"Advance({by}) fired a million timers: an actor keeps scheduling at the same instant");
                if (timer.Cancelable?.IsCancellationRequested == true)
                    continue;
                timer.Fire();
                if (timer.Interval is { } interval && timer.Cancelable?.IsCancellationRequested != true)
                    Schedule(timer, interval, after: due);
            }
            lock (gate)
                Interlocked.Exchange(ref now, Math.Max(now, end));
        }
    }

    private bool TryPopDue(long end, out Timer timer, out long due)
    {
        lock (gate)
        {
            if (timers.TryPeek(out timer!, out var key) && key.Due <= end)
            {
                timers.Dequeue();
                // A timer started for a moment the clock had already passed fires late, at the current time.
                due = Math.Max(key.Due, now);
                Interlocked.Exchange(ref now, due);
                return true;
            }
            due = 0;
            return false;
        }
    }

    /// <summary>Queues <paramref name="timer"/> <paramref name="delay"/> after <paramref name="after"/> (a periodic
    /// timer's last due time, so it steps through its periods) or after now.</summary>
    private void Schedule(Timer timer, TimeSpan delay, long? after = null)
    {
        lock (gate)
            timers.Enqueue(timer, ((after ?? now) + delay.Ticks, order++));
    }

    protected override void InternalScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(new Timer(() => receiver.Tell(message, sender), null, cancelable), delay);

    protected override void InternalScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Schedule(new Timer(() => receiver.Tell(message, sender), interval, cancelable), initialDelay);

    protected override void InternalScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Schedule(new Timer(action, null, cancelable), delay);

    protected override void InternalScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) =>
        Schedule(new Timer(action.Run, null, cancelable), delay);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Schedule(new Timer(action, interval, cancelable), initialDelay);

    protected override void InternalScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        Schedule(new Timer(action.Run, interval, cancelable), initialDelay);

    private sealed record Timer(Action Fire, TimeSpan? Interval, ICancelable? Cancelable);
}
