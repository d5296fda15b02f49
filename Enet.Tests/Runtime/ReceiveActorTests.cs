using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class ReceiveActorTests : TestKit
{
    [Fact]
    public void The_first_matching_handler_wins_and_predicates_filter()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Classifier()));
        actor.Tell(5, TestActor);
        actor.Tell(-5, TestActor);
        actor.Tell("text", TestActor);
        actor.Tell(2.5, TestActor);
        ExpectMsg("positive 5");
        ExpectMsg("int -5");
        ExpectMsg("any text");
        ExpectMsg("any 2.5");
    }

    [Fact]
    public void Unhandled_messages_are_published_on_the_event_stream()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(UnhandledMessage));
        var actor = Sys.ActorOf(Props.Create(() => new OnlyStrings()), "strings");
        actor.Tell(42, TestActor);
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
        Assert.Equal(TestActor, unhandled.Sender);
    }

    [Fact]
    public void Become_switches_behaviour_and_unbecome_returns()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Switcher()));
        actor.Tell("who", TestActor);
        ExpectMsg("calm");
        actor.Tell("anger", TestActor);
        actor.Tell("who", TestActor);
        ExpectMsg("angry");
        actor.Tell("calm down", TestActor);
        actor.Tell("who", TestActor);
        ExpectMsg("calm");
    }

    [Fact]
    public void Unstashed_messages_come_back_in_their_original_order_before_newer_ones()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Gate()));
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("c", TestActor);
        actor.Tell("open", TestActor);
        actor.Tell("d", TestActor);
        ExpectMsg("a");
        ExpectMsg("b");
        ExpectMsg("c");
        ExpectMsg("d");
    }

    [Fact]
    public void An_async_handler_finishes_before_the_next_message_starts()
    {
        var actor = Sys.ActorOf(Props.Create(() => new SlowAsync()));
        actor.Tell(1, TestActor);
        actor.Tell(2, TestActor);
        actor.Tell(3, TestActor);
        Assert.Equal(
            ["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"],
            ReceiveN(6).Cast<string>());
    }

    [Fact]
    public void A_failing_async_handler_is_supervised_like_a_synchronous_failure()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncCounter()));
        actor.Tell("inc", TestActor);
        actor.Tell("inc", TestActor);
        actor.Tell("boom", TestActor);
        actor.Tell("inc", TestActor);
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectMsg(1);
    }

    private sealed class Classifier : ReceiveActor
    {
        public Classifier()
        {
            Receive<int>(i => i > 0, i => Sender.Tell($"positive {i}"));
            Receive<int>(i => Sender.Tell($"int {i}"));
            ReceiveAny(m => Sender.Tell($"any {m}"));
        }
    }

    private sealed class OnlyStrings : ReceiveActor
    {
        public OnlyStrings() => Receive<string>(_ => { });
    }

    private sealed class Switcher : ReceiveActor
    {
        public Switcher() => Calm();

        private void Calm()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("calm"));
            Receive<string>(s => s == "anger", _ => BecomeStacked(Angry));
        }

        private void Angry()
        {
            Receive<string>(s => s == "who", _ => Sender.Tell("angry"));
            Receive<string>(s => s == "calm down", _ => UnbecomeStacked());
        }
    }

    private sealed class Gate : ReceiveActor, IWithStash
    {
        public Gate()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => ReceiveAny(m => Sender.Tell(m)));
                Stash.UnstashAll();
            });
            ReceiveAny(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class SlowAsync : ReceiveActor
    {
        public SlowAsync() => ReceiveAsync<int>(async i =>
        {
            Sender.Tell($"start {i}");
            await Task.Delay(20);
            await Task.Yield();
            Sender.Tell($"end {i}");
        });
    }

    private sealed class AsyncCounter : ReceiveActor
    {
        public AsyncCounter()
        {
            var count = 0;
            ReceiveAsync<string>(async s =>
            {
                await Task.Yield();
                if (s == "boom")
                {
                    throw new InvalidOperationException("boom");
                }

                Sender.Tell(++count);
            });
        }
    }
}
