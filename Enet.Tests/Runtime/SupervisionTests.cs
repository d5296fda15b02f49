using Enet.Runtime.Actor;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class SupervisionTests() : TestKit(useVirtualTime: true)
{
    [Fact]
    public void Restart_creates_a_fresh_instance_with_reset_state()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter(TestActor)), "counter");
        ExpectMsg("started");
        EventFilter.Error<InvalidOperationException>().ExpectOne(() =>
        {
            counter.Tell("inc", TestActor);
            counter.Tell("inc", TestActor);
            counter.Tell("fail", TestActor);
        });
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectMsg("pre-restart fail");
        ExpectMsg("started");
        counter.Tell("inc", TestActor);
        ExpectMsg(1);
    }

    [Fact]
    public void Resume_keeps_the_state()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Resume))));
        var counter = ChildOf(parent, Props.Create(() => new Counter(TestActor)));
        ExpectMsg("started");
        counter.Tell("inc", TestActor);
        counter.Tell("fail", TestActor);
        counter.Tell("inc", TestActor);
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Stop_directive_stops_the_child()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Stop))));
        var counter = ChildOf(parent, Props.Create(() => new Counter(TestActor)));
        ExpectMsg("started");
        Watch(counter);
        counter.Tell("fail", TestActor);
        ExpectMsg("post-stop");
        ExpectTerminated(counter);
    }

    [Fact]
    public void A_child_is_stopped_after_max_retries_within_the_window()
    {
        var strategy = new OneForOneStrategy(2, TimeSpan.FromMinutes(1), _ => Directive.Restart);
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        var counter = ChildOf(parent, Props.Create(() => new Counter(TestActor)));
        ExpectMsg("started");
        Watch(counter);
        for (var restart = 0; restart < 2; restart++)
        {
            counter.Tell("fail", TestActor);
            ExpectMsg("pre-restart fail");
            ExpectMsg("started");
        }

        counter.Tell("fail", TestActor);
        ExpectMsg("post-stop");
        ExpectTerminated(counter);
    }

    [Fact]
    public void Retries_are_counted_per_window_so_spread_failures_keep_restarting()
    {
        var strategy = new OneForOneStrategy(1, TimeSpan.FromSeconds(10), _ => Directive.Restart);
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));
        var counter = ChildOf(parent, Props.Create(() => new Counter(TestActor)));
        ExpectMsg("started");
        for (var round = 0; round < 3; round++)
        {
            counter.Tell("fail", TestActor);
            ExpectMsg("pre-restart fail");
            ExpectMsg("started");
            Advance(TimeSpan.FromSeconds(11));
        }
    }

    [Fact]
    public void All_for_one_restarts_the_siblings_too()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(new AllForOneStrategy(_ => Directive.Restart))));
        var first = ChildOf(parent, Props.Create(() => new Counter(TestActor)), "first");
        ExpectMsg("started");
        var second = ChildOf(parent, Props.Create(() => new Counter(TestActor)), "second");
        ExpectMsg("started");
        second.Tell("inc", TestActor);
        ExpectMsg(1);
        first.Tell("fail", TestActor);
        ExpectMsgAllOf("pre-restart fail", "pre-restart none", "started", "started");
        second.Tell("inc", TestActor);
        ExpectMsg(1);
    }

    [Fact]
    public void Escalate_fails_the_parent_which_its_own_supervisor_restarts()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Supervisor(new OneForOneStrategy(_ => Directive.Escalate), TestActor)), "parent");
        ExpectMsg("supervisor started");
        var child = ChildOf(parent, Props.Create(() => new Counter(TestActor)));
        ExpectMsg("started");
        child.Tell("fail", TestActor);
        ExpectMsg("post-stop");
        ExpectMsg("supervisor started");
    }

    [Fact]
    public void Escalation_to_the_user_guardian_stops_the_top_level_actor_and_logs()
    {
        using var kit = new TestKit(ActorSystemSettings.Default with
        {
            GuardianSupervisorStrategy = new OneForOneStrategy(_ => Directive.Escalate),
        });
        var counter = kit.Sys.ActorOf(Props.Create(() => new Counter(kit.TestActor)), "top");
        kit.ExpectMsg("started");
        kit.Watch(counter);
        kit.EventFilter.Error<InvalidOperationException>(contains: "escalated").ExpectOne(() => counter.Tell("fail"));
        kit.ExpectMsg("post-stop");
        kit.ExpectTerminated(counter);
    }

    [Fact]
    public void Kill_stops_the_actor_through_its_supervisor()
    {
        var counter = Sys.ActorOf(Props.Create(() => new Counter(TestActor)));
        ExpectMsg("started");
        Watch(counter);
        EventFilter.Error<ActorKilledException>().ExpectOne(() => counter.Tell(Kill.Instance));
        ExpectMsg("post-stop");
        ExpectTerminated(counter);
    }

    [Fact]
    public void A_constructor_failure_stops_the_actor()
    {
        EventFilter.Error<ActorInitializationException>().ExpectOne(() =>
        {
            var broken = Sys.ActorOf(Props.Create(() => new Broken()));
            Watch(broken);
            ExpectTerminated(broken);
        });
    }

    [Fact]
    public void Restart_stops_the_children_and_the_new_instance_recreates_them()
    {
        var parent = Sys.ActorOf(Props.Create(() => new FamilyParent(TestActor)), "family");
        ExpectMsg("started");
        var firstChild = ExpectMsg<IActorRef>();
        Watch(firstChild);
        parent.Tell("fail", TestActor);
        // The child's Terminated races the old instance's post-stop report; only their order relative to
        // the new instance's start is guaranteed.
        var afterRestart = ReceiveN(4);
        Assert.Contains(afterRestart, m => m is Terminated t && t.ActorRef.Equals(firstChild));
        var rest = afterRestart.Where(m => m is not Terminated).ToList();
        Assert.Equal("post-stop", rest[0]);
        rest.RemoveAt(0);
        Assert.Equal("started", rest[0]);
        var secondChild = Assert.IsAssignableFrom<IActorRef>(rest[1]);
        Assert.NotEqual(firstChild, secondChild);
        Assert.Equal(firstChild.Path, secondChild.Path);
    }

    private IActorRef ChildOf(IActorRef parent, Props props, string? name = null)
    {
        parent.Tell(new Spawn(props, name), TestActor);
        return ExpectMsg<IActorRef>();
    }

    private sealed record Spawn(Props Props, string? Name);

    private sealed class Supervisor : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public Supervisor(SupervisorStrategy strategy, IActorRef? report = null)
        {
            _strategy = strategy;
            report?.Tell("supervisor started");
            Receive<Spawn>(s => Sender.Tell(Context.ActorOf(s.Props, s.Name)));
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    private sealed class Counter : ReceiveActor
    {
        private readonly IActorRef _report;

        public Counter(IActorRef report)
        {
            _report = report;
            var count = 0;
            Receive<string>(s => s == "inc", _ => _report.Tell(++count));
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
        }

        protected override void PreStart() => _report.Tell("started");

        protected override void PostStop() => _report.Tell("post-stop");

        protected override void PreRestart(Exception reason, object? message) => _report.Tell($"pre-restart {message ?? "none"}");
    }

    private sealed class Broken : ReceiveActor
    {
        public Broken() => throw new InvalidOperationException("cannot start");
    }

    private sealed class FamilyParent : ReceiveActor
    {
        private readonly IActorRef _report;

        public FamilyParent(IActorRef report)
        {
            _report = report;
            Receive<string>(s => s == "fail", _ => throw new InvalidOperationException("fail"));
        }

        protected override void PreStart()
        {
            _report.Tell("started");
            _report.Tell(Context.ActorOf(Props.Create(() => new Counter(ActorRefs.Nobody)), "kid"));
        }

        protected override void PostStop() => _report.Tell("post-stop");
    }
}
