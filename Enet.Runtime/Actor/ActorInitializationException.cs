namespace Enet.Runtime.Actor;

/// <summary>An actor could not be created or restarted; the default supervisor stops it.</summary>
public sealed class ActorInitializationException(IActorRef? actor, string message, Exception? cause)
    : Exception(message, cause)
{
    public IActorRef? Actor { get; } = actor;
}
