using Enet.Runtime.Actor;
using Enet.Runtime.Scheduling;
using Xunit;

namespace Enet.Tests.Runtime;

public sealed class SchedulerTests
{
    [Fact]
    public void Virtual_time_fires_in_due_order_with_ties_in_scheduling_order()
    {
        var scheduler = new VirtualScheduler();
        var fired = new List<string>();
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(3), () => fired.Add("c"));
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => fired.Add("a1"));
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(2), () => fired.Add("b"));
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => fired.Add("a2"));
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(4), () => fired.Add("d"));
        scheduler.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(["a1", "a2", "b", "c"], fired);
    }

    [Fact]
    public void Virtual_time_runs_work_scheduled_by_work_within_the_same_advance()
    {
        var scheduler = new VirtualScheduler();
        var fired = new List<(string, DateTimeOffset)>();
        var start = scheduler.Now;
        scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () =>
        {
            fired.Add(("outer", scheduler.Now));
            scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => fired.Add(("inner", scheduler.Now)));
        });
        scheduler.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([("outer", start.AddSeconds(1)), ("inner", start.AddSeconds(2))], fired);
        Assert.Equal(start.AddSeconds(5), scheduler.Now);
    }

    [Fact]
    public void Cancelled_and_repeated_work_in_virtual_time()
    {
        var scheduler = new VirtualScheduler();
        var ticks = 0;
        var cancelled = scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => ticks += 100);
        var repeating = scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), new CountingRef(() => ticks++), "t", ActorRefs.NoSender);
        cancelled.Cancel();
        scheduler.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, ticks);
        repeating.Cancel();
        scheduler.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, ticks);
    }

    [Fact]
    public void The_timer_wheel_fires_after_the_delay_and_not_when_cancelled()
    {
        using var wheel = new HashedWheelScheduler(TimeSpan.FromMilliseconds(5), 8);
        using var fired = new ManualResetEventSlim();
        var cancelledRan = false;
        var started = DateTime.UtcNow;
        var cancelled = wheel.ScheduleOnce(TimeSpan.FromMilliseconds(30), () => cancelledRan = true);
        wheel.ScheduleOnce(TimeSpan.FromMilliseconds(60), fired.Set);
        cancelled.Cancel();
        Assert.True(fired.Wait(TimeSpan.FromSeconds(5)));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(59));
        Assert.False(cancelledRan);
    }

    [Fact]
    public void The_timer_wheel_handles_delays_longer_than_one_turn()
    {
        using var wheel = new HashedWheelScheduler(TimeSpan.FromMilliseconds(2), 4);
        using var fired = new ManualResetEventSlim();
        var started = DateTime.UtcNow;
        wheel.ScheduleOnce(TimeSpan.FromMilliseconds(50), fired.Set);
        Assert.True(fired.Wait(TimeSpan.FromSeconds(5)));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(49));
    }

    private sealed class CountingRef(Action onTell) : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Root("test") / "counting";

        public void Tell(object message, IActorRef sender) => onTell();
    }
}
