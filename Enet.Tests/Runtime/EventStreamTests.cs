using Enet.Runtime.Actor;
using Enet.Runtime.Event;
using Xunit;

namespace Enet.Tests.Runtime;

using TestKit = Enet.TestKit.TestKit;

public sealed class EventStreamTests : TestKit
{
    [Fact]
    public void Subscribers_of_a_base_type_or_interface_receive_derived_events()
    {
        var baseProbe = CreateTestProbe();
        var interfaceProbe = CreateTestProbe();
        var exactProbe = CreateTestProbe();
        Sys.EventStream.Subscribe(baseProbe.Ref, typeof(Animal));
        Sys.EventStream.Subscribe(interfaceProbe.Ref, typeof(IBarks));
        Sys.EventStream.Subscribe(exactProbe.Ref, typeof(Cat));
        Sys.EventStream.Publish(new Dog());
        Sys.EventStream.Publish(new Cat());
        baseProbe.ExpectMsg<Dog>();
        baseProbe.ExpectMsg<Cat>();
        interfaceProbe.ExpectMsg<Dog>();
        exactProbe.ExpectMsg<Cat>();
        interfaceProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        exactProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Unsubscribed_actors_receive_nothing()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(Animal));
        Assert.True(Sys.EventStream.Unsubscribe(TestActor, typeof(Animal)));
        Sys.EventStream.Publish(new Dog());
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Messages_to_a_stopped_actor_are_published_as_dead_letters()
    {
        Sys.EventStream.Subscribe(TestActor, typeof(DeadLetter));
        var target = Sys.ActorOf(Props.Create(() => new Idle()), "gone");
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);
        target.Tell("hello?", TestActor);
        var dead = ExpectMsg<DeadLetter>();
        Assert.Equal("hello?", dead.Message);
        Assert.Equal(TestActor, dead.Sender);
        Assert.Equal(target, dead.Recipient);
    }

    private abstract class Animal;

    private interface IBarks;

    private sealed class Dog : Animal, IBarks;

    private sealed class Cat : Animal;

    private sealed class Idle : ReceiveActor
    {
        public Idle() => ReceiveAny(_ => { });
    }
}
