using Akka.Actor;
using Enet.Actors;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.TestKit;

/// <summary>What EnetTestKit adds to Akka.TestKit: configuration through Enet's reader and stepped virtual time.</summary>
public sealed class TestKitTests() : EnetTestKit(useVirtualTime: true, hocon: "enet.actor.ask-timeout = 750ms")
{
    [Fact]
    public void The_system_is_configured_by_Enet_HOCON_over_reference_conf()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(750), Sys.Settings.AskTimeout);
        Assert.Equal(30, Sys.Settings.Config.GetInt("akka.actor.default-dispatcher.throughput"));
    }

    [Fact]
    public void Advance_fires_a_periodic_timer_once_per_period_it_spans()
    {
        var ticker = Sys.ActorOf(ActorProps.Create(() => new Ticker(TestActor, TimeSpan.FromMilliseconds(100))));
        ExpectMsg("started");
        Advance(TimeSpan.FromMilliseconds(99));
        Assert.Null(ReceiveOne(TimeSpan.Zero));
        Advance(TimeSpan.FromMilliseconds(1));
        ExpectMsg(1);
        Advance(TimeSpan.FromMilliseconds(450));
        Assert.Equal([2, 3, 4, 5], ReceiveN(4).Cast<int>());
        Sys.Stop(ticker);
    }

    [Fact]
    public void Timers_due_at_the_same_instant_fire_in_the_order_they_were_scheduled()
    {
        var fired = new List<string>();
        var start = Sys.Scheduler.Now;
        var scheduler = Sys.Scheduler.Advanced;
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(20), () => fired.Add("b"));
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(10), () => fired.Add("a"));
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(20), () => fired.Add("c"));
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(10), () =>
        {
            fired.Add($"d at {(Sys.Scheduler.Now - start).TotalMilliseconds} ms");
            scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(10), () => fired.Add("e, started by d"));
        });
        Advance(TimeSpan.FromMilliseconds(25));
        Assert.Equal(["a", "d at 10 ms", "b", "c", "e, started by d"], fired);
    }

    [Fact]
    public void A_cancelled_timer_does_not_fire_and_a_periodic_one_stops_when_cancelled()
    {
        var fired = new List<string>();
        var once = new Cancelable(Sys.Scheduler);
        var periodic = new Cancelable(Sys.Scheduler);
        Sys.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(10), () => fired.Add("once"), once);
        Sys.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), () => fired.Add("tick"), periodic);
        once.Cancel();
        Advance(TimeSpan.FromMilliseconds(30));
        periodic.Cancel();
        Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(["tick", "tick", "tick"], fired);
    }

    [Fact]
    public void Virtual_time_moves_only_when_advanced()
    {
        var before = Sys.Scheduler.Now;
        Advance(TimeSpan.FromSeconds(90));
        Assert.Equal(before + TimeSpan.FromSeconds(90), Sys.Scheduler.Now);
    }

    private sealed class Ticker : ReceiveActor, IWithTimers
    {
        private int ticks;

        public Ticker(IActorRef probe, TimeSpan period)
        {
            Receive<string>(_ => probe.Tell(++ticks));
            // Told once the timer runs: a test that advances the clock earlier would step past a timer not yet started.
            Timers.StartPeriodicTimer("tick", "tick", period);
            probe.Tell("started");
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
