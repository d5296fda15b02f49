using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class DeathWatchTests : TestKit
{
    [Fact]
    public void A_watcher_gets_Terminated_when_the_watched_actor_stops()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "target");
        Watch(target);
        Sys.Stop(target);
        Assert.Equal(target, ExpectTerminated(target).ActorRef);
    }

    [Fact]
    public void Watching_an_already_dead_actor_delivers_Terminated_immediately()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "target");
        var probe = CreateTestProbe();
        probe.Watch(target);
        Sys.Stop(target);
        probe.ExpectTerminated(target);
        Watch(target);
        ExpectTerminated(target);
    }

    [Fact]
    public void Unwatch_stops_the_notification()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "target");
        Watch(target);
        Unwatch(target);
        Sys.Stop(target);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void PoisonPill_stops_after_earlier_messages_and_later_ones_become_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        Watch(echo);
        echo.Tell("before", TestActor);
        echo.Tell(PoisonPill.Instance, TestActor);
        echo.Tell("after", TestActor);
        ExpectMsg("before");
        var rest = ReceiveN(2);
        Assert.Contains(rest, m => m is Terminated t && t.ActorRef.Equals(echo));
        Assert.Contains(rest, m => m is DeadLetter { Message: "after" } d && d.Recipient.Equals(echo));
    }

    [Fact]
    public void An_unhandled_Terminated_kills_the_watcher_with_a_death_pact()
    {
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "target");
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(target)), "watcher");
        watcher.Tell("ready?", TestActor);
        ExpectMsg("ready");
        Watch(watcher);
        EventFilter.Error<DeathPactException>().ExpectOne(() => Sys.Stop(target));
        ExpectTerminated(watcher);
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(TestActor)), "parent");
        ExpectMsg("child started");
        Sys.Stop(parent);
        ExpectMsg("child stopped");
        ExpectMsg("parent stopped");
    }

    [Fact]
    public async Task Terminating_the_system_stops_every_actor()
    {
        Sys.ActorOf(Props.Create(() => new Parent(TestActor)), "parent");
        ExpectMsg("child started");
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(Sys.WhenTerminated.IsCompletedSuccessfully);
    }

    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(_ => { });
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => Sender.Tell("ready"));
        }
    }

    private sealed class Parent : ReceiveActor
    {
        private readonly IActorRef _report;

        public Parent(IActorRef report)
        {
            _report = report;
            Context.ActorOf(Props.Create(() => new Child(report)), "child");
        }

        protected override void PostStop() => _report.Tell("parent stopped");
    }

    private sealed class Child(IActorRef report) : ReceiveActor
    {
        protected override void PreStart() => report.Tell("child started");

        protected override void PostStop() => report.Tell("child stopped");
    }
}
