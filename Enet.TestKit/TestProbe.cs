using Enet.Runtime.Actor;

namespace Enet.TestKit;

/// <summary>An extra test actor with the full expectation API, for tests that need several parties.</summary>
public sealed class TestProbe : TestKitBase
{
    internal TestProbe(ActorSystem system, string name)
        : base(system, name)
    {
    }

    public IActorRef Ref => TestActor;

    /// <summary>Tells <paramref name="message"/> to <paramref name="actor"/> with this probe as sender.</summary>
    public void Send(IActorRef actor, object message) => actor.Tell(message, Ref);

    /// <summary>Passes on the last received message keeping its original sender.</summary>
    public void Forward(IActorRef actor) => actor.Tell(LastMessage ?? throw new InvalidOperationException("Nothing received yet"), LastSender);

    /// <summary>Replies to the sender of the last received message.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);
}
