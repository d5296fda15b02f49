namespace Enet.Runtime.Actor;

/// <summary>Delivered to a watcher when the actor it watches has stopped.</summary>
public sealed class Terminated(IActorRef actorRef) : IAutoReceivedMessage
{
    public IActorRef ActorRef { get; } = actorRef;

    public override string ToString() => $"<Terminated>: {ActorRef}";
}
