namespace Enet.Runtime.Actor;

/// <summary>An actor watched another and did not handle its <see cref="Terminated"/>; dying with it is the default.</summary>
public sealed class DeathPactException(IActorRef deadActor)
    : Exception($"Monitored actor {deadActor} terminated and the Terminated message was not handled")
{
    public IActorRef DeadActor { get; } = deadActor;
}
