namespace Enet.Runtime.Actor;

/// <summary>
/// Delivered to a watcher when the actor it watches has stopped. As in Akka, <see cref="ExistenceConfirmed"/> is
/// false when the actor was never found (Erlang's <c>noproc</c>) and <see cref="AddressTerminated"/> true when
/// its node went down rather than the actor itself stopping. <see cref="Reason"/> is why, when it is known: the
/// exit reason of a remote process (<c>noconnection</c> when its node went down); null for a local actor.
/// </summary>
public sealed class Terminated(IActorRef actorRef, bool existenceConfirmed = true, bool addressTerminated = false, object? reason = null)
    : IAutoReceivedMessage
{
    public IActorRef ActorRef { get; } = actorRef;

    public bool ExistenceConfirmed { get; } = existenceConfirmed;

    public bool AddressTerminated { get; } = addressTerminated;

    public object? Reason { get; } = reason;

    public override string ToString() => Reason is null ? $"<Terminated>: {ActorRef}" : $"<Terminated>: {ActorRef} ({Reason})";
}
