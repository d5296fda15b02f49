using Enet.Runtime.Actor;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class TimerTests() : TestKit(useVirtualTime: true)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void A_single_timer_fires_once_after_its_delay()
    {
        var actor = Started(new TimerCommand.Single("k", "tick", TimeSpan.FromSeconds(5)));
        Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg(Quiet);
        Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        Advance(TimeSpan.FromSeconds(60));
        ExpectNoMsg(Quiet);
        actor.Tell(new TimerCommand.IsActive("k"), TestActor);
        ExpectMsg(false);
    }

    [Fact]
    public void A_periodic_timer_fires_every_interval()
    {
        var actor = Started(new TimerCommand.Periodic("k", "tick", TimeSpan.FromSeconds(1)));
        Advance(TimeSpan.FromSeconds(3));
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectMsg("tick");
        ExpectNoMsg(Quiet);
        actor.Tell(new TimerCommand.IsActive("k"), TestActor);
        ExpectMsg(true);
    }

    [Fact]
    public void A_replaced_timer_never_delivers_its_old_message()
    {
        var actor = Started(new TimerCommand.Single("k", "old", TimeSpan.FromSeconds(1)));
        actor.Tell(new TimerCommand.Single("k", "new", TimeSpan.FromSeconds(2)), TestActor);
        ExpectMsg("ok");
        Advance(TimeSpan.FromSeconds(5));
        ExpectMsg("new");
        ExpectNoMsg(Quiet);
    }

    [Fact]
    public void A_message_of_a_timer_cancelled_after_it_fired_is_dropped()
    {
        var actor = Started(new TimerCommand.Single("k", "tick", TimeSpan.FromSeconds(1)));
        using var gate = new ManualResetEventSlim();
        actor.Tell(new TimerCommand.CancelWhenOpen("k", gate), TestActor);
        ExpectMsg("waiting");
        Advance(TimeSpan.FromSeconds(1));
        gate.Set();
        ExpectMsg("cancelled");
        ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Restart_cancels_the_timers()
    {
        var actor = Started(new TimerCommand.Periodic("k", "tick", TimeSpan.FromSeconds(1)));
        actor.Tell("fail", TestActor);
        ExpectMsg("started");
        Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(Quiet);
    }

    [Fact]
    public void Receive_timeout_fires_after_silence_and_is_reset_by_messages()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Sleepy(TestActor)));
        ExpectMsg("started");
        Advance(TimeSpan.FromSeconds(2));
        actor.Tell("poke", TestActor);
        ExpectMsg("poked");
        Advance(TimeSpan.FromSeconds(2));
        ExpectNoMsg(Quiet);
        Advance(TimeSpan.FromSeconds(1));
        ExpectMsg<ReceiveTimeout>();
    }

    private IActorRef Started(TimerCommand first)
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        ExpectMsg("started");
        actor.Tell(first, TestActor);
        ExpectMsg("ok");
        return actor;
    }

    private abstract record TimerCommand
    {
        public sealed record Single(string Key, string Message, TimeSpan Delay) : TimerCommand;

        public sealed record Periodic(string Key, string Message, TimeSpan Interval) : TimerCommand;

        public sealed record Cancel(string Key) : TimerCommand;

        public sealed record IsActive(string Key) : TimerCommand;

        /// <summary>Waits (while the timer fires and its message queues up behind) and then cancels.</summary>
        public sealed record CancelWhenOpen(string Key, ManualResetEventSlim Gate) : TimerCommand;
    }

    private sealed class TimerActor : ReceiveActor
    {
        public TimerActor(IActorRef report)
        {
            report.Tell("started");
            Receive<TimerCommand.Single>(c => Reply(() => Context.Timers.StartSingleTimer(c.Key, c.Message, c.Delay)));
            Receive<TimerCommand.Periodic>(c => Reply(() => Context.Timers.StartPeriodicTimer(c.Key, c.Message, c.Interval)));
            Receive<TimerCommand.Cancel>(c => Reply(() => Context.Timers.Cancel(c.Key)));
            Receive<TimerCommand.IsActive>(c => Sender.Tell(Context.Timers.IsTimerActive(c.Key)));
            Receive<TimerCommand.CancelWhenOpen>(c =>
            {
                Sender.Tell("waiting");
                c.Gate.Wait(TimeSpan.FromSeconds(5));
                Context.Timers.Cancel(c.Key);
                Sender.Tell("cancelled");
            });
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
            Receive<string>(s => report.Tell(s));
        }

        private void Reply(Action action)
        {
            action();
            Sender.Tell("ok");
        }
    }

    private sealed class Sleepy : ReceiveActor
    {
        public Sleepy(IActorRef report)
        {
            SetReceiveTimeout(TimeSpan.FromSeconds(3));
            report.Tell("started");
            Receive<string>(_ => Sender.Tell("poked"));
            Receive<ReceiveTimeout>(t => report.Tell(t));
        }
    }
}
