using Akka.Actor;
using Enet.Actors;
using Enet.TestKit;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>ActorProps runs its factory for every incarnation, so a restart starts clean.</summary>
public sealed class ActorPropsTests : EnetTestKit
{
    [Fact]
    public void A_restarted_actor_gets_fresh_state_from_the_factory()
    {
        var counter = Sys.ActorOf(ActorProps.Create(() => new Counter(new List<int>())));
        counter.Tell(1, TestActor);
        counter.Tell(2, TestActor);
        ExpectMsg(1);
        ExpectMsg(2);
        // The default supervisor restarts a failed actor; the new one must not see the old list.
        EventFilter.Exception<InvalidOperationException>().ExpectOne(() => counter.Tell("fail", TestActor));
        counter.Tell(7, TestActor);
        ExpectMsg(1);
    }

    private sealed class Counter : ReceiveActor
    {
        public Counter(List<int> seen)
        {
            Receive<int>(n =>
            {
                seen.Add(n);
                Sender.Tell(seen.Count);
            });
            Receive<string>(_ => throw new InvalidOperationException("asked to fail"));
        }
    }
}
