namespace Enet.Runtime.Actor;

/// <summary>The only way to talk to an actor: an immutable, thread-safe handle.</summary>
public interface IActorRef
{
    ActorPath Path { get; }

    /// <summary>Enqueues <paramref name="message"/>; never blocks, never throws for a dead target (dead letters).</summary>
    void Tell(object message, IActorRef sender);
}
