using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class MessagingTests() : TestKit(useVirtualTime: true)
{
    [Fact]
    public void Messages_from_one_sender_keep_their_order()
    {
        const int senders = 6;
        const int perSender = 5_000;
        var checker = Sys.ActorOf(Props.Create(() => new OrderChecker(senders, perSender, TestActor)), "checker");
        var threads = Enumerable.Range(0, senders)
            .Select(s => new Thread(() =>
            {
                for (var i = 0; i < perSender; i++)
                {
                    checker.Tell(new Numbered(s, i), ActorRefs.NoSender);
                }
            }))
            .ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(0, ExpectMsg<int>(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Tell_inside_an_actor_passes_self_as_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        var asker = Sys.ActorOf(Props.Create(() => new Relay(echo, TestActor)), "relay");
        asker.Tell("ping", TestActor);
        Assert.Equal("ping", ExpectMsg<string>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(echo)), "forwarder");
        forwarder.Tell("hello", TestActor);
        ExpectMsg("hello");
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public async Task Ask_completes_with_the_reply()
    {
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        Assert.Equal("hi", await echo.Ask<string>("hi", TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Ask_times_out_naming_the_target_and_the_timeout()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()), "silent");
        var ask = silent.Ask<string>("anyone?", TimeSpan.FromSeconds(2));
        Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(ask.IsCompleted);
        Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
        Assert.Contains("enet://test/user/silent", error.Message);
        Assert.Contains("2000 ms", error.Message);
    }

    [Fact]
    public async Task Ask_answered_with_a_failure_status_throws_its_cause()
    {
        var failing = Sys.ActorOf(Props.Create(() => new FailureReplier()), "failing");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Ask<string>("q", TimeSpan.FromSeconds(1)));
        Assert.Equal("no", error.Message);
    }

    [Fact]
    public void Reply_to_no_sender_becomes_a_dead_letter()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var echo = Sys.ActorOf(Props.Create(() => new Echo()), "echo");
        echo.Tell("lost", ActorRefs.NoSender);
        var dead = ExpectMsg<DeadLetter>();
        Assert.Equal("lost", dead.Message);
        Assert.Equal(echo, dead.Sender);
        Assert.Equal(Sys.DeadLetters, dead.Recipient);
    }

    [Fact]
    public void Actor_paths_follow_the_tree()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent()), "a");
        parent.Tell("child?", TestActor);
        var child = ExpectMsg<IActorRef>();
        Assert.Equal("enet://test/user/a", parent.Path.ToString());
        Assert.Equal("enet://test/user/a/b", child.Path.ToString());
        Assert.Equal(["user", "a", "b"], child.Path.Elements);
    }

    [Fact]
    public void A_duplicate_name_is_rejected()
    {
        Sys.ActorOf(Props.Create(() => new Echo()), "same");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Echo()), "same"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create(() => new Echo()), "bad/name"));
    }

    [Fact]
    public void An_actor_cannot_be_created_with_new()
    {
        Assert.Throws<ActorInitializationException>(() => new Echo());
    }

    private sealed record Numbered(int Sender, int Seq);

    private sealed class OrderChecker : ReceiveActor
    {
        public OrderChecker(int senders, int perSender, IActorRef report)
        {
            var next = new int[senders];
            var violations = 0;
            var total = 0;
            Receive<Numbered>(n =>
            {
                if (n.Seq != next[n.Sender])
                {
                    violations++;
                }

                next[n.Sender] = n.Seq + 1;
                if (++total == senders * perSender)
                {
                    report.Tell(violations);
                }
            });
        }
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }

    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    private sealed class FailureReplier : ReceiveActor
    {
        public FailureReplier() => ReceiveAny(_ => Sender.Tell(new Status.Failure(new InvalidOperationException("no"))));
    }

    private sealed class Relay : ReceiveActor
    {
        public Relay(IActorRef echo, IActorRef report)
        {
            Receive<string>(_ => Sender.Equals(echo), reply => report.Forward(reply));
            Receive<string>(s => echo.Tell(s));
        }
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            var child = Context.ActorOf(Props.Create(() => new Echo()), "b");
            Receive<string>(_ => Sender.Tell(child));
        }
    }
}
