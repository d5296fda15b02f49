using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class ActorSelectionTests : TestKit
{
    [Fact]
    public void A_selection_by_absolute_path_reaches_the_actor()
    {
        CreateFamily();
        Sys.ActorSelection("/user/a/b").Tell("via path", TestActor);
        ExpectMsg("b: via path");
        Sys.ActorSelection("enet://test/user/a/b").Tell("via address", TestActor);
        ExpectMsg("b: via address");
    }

    [Fact]
    public void Wildcards_reach_every_matching_child()
    {
        CreateFamily();
        Sys.ActorSelection("/user/a/*").Tell("all", TestActor);
        ExpectMsgAllOf("b: all", "c: all");
    }

    [Fact]
    public void A_relative_selection_resolves_from_the_actor()
    {
        var parent = CreateFamily();
        parent.Tell(new ToSibling("b", "hi"), TestActor);
        ExpectMsg("c: hi");
    }

    [Fact]
    public void A_selection_matching_nothing_becomes_a_dead_letter()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        Sys.ActorSelection("/user/nobody").Tell("anyone?", TestActor);
        Assert.Equal("anyone?", ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public async Task ResolveOne_finds_the_actor_or_throws()
    {
        var parent = CreateFamily();
        Assert.Equal(parent, await Sys.ActorSelection("/user/a").ResolveOne(TimeSpan.FromSeconds(3)));
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/zz").ResolveOne(TimeSpan.FromSeconds(3)));
    }

    // The children exist once the parent's constructor has run, which the Identify round trip proves.
    private IActorRef CreateFamily()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent()), "a");
        Assert.True(parent.Ask<ActorIdentity>(new Identify(null)).Wait(TimeSpan.FromSeconds(3)));
        return parent;
    }

    private sealed record ToSibling(string From, string Message);

    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            var b = Context.ActorOf(Props.Create(() => new Named("b")), "b");
            Context.ActorOf(Props.Create(() => new Named("c")), "c");
            Receive<ToSibling>(m => b.Forward(m));
        }
    }

    private sealed class Named : ReceiveActor
    {
        public Named(string name)
        {
            Receive<ToSibling>(m => Context.ActorSelection("../c").Tell(m.Message, Sender));
            Receive<string>(s => Sender.Tell($"{name}: {s}"));
        }
    }
}
