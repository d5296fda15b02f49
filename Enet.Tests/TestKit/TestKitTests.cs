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
            probe.Tell("started");
            Timers.StartPeriodicTimer("tick", "tick", period);
        }

        public ITimerScheduler Timers { get; set; } = null!;
    }
}
