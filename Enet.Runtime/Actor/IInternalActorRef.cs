namespace Enet.Runtime.Actor;

/// <summary>A reference that belongs to a system and can take system messages (watch, stop, failures).</summary>
internal interface IInternalActorRef : IActorRef
{
    ActorSystem System { get; }

    void SendSystemMessage(SystemMessage message);
}
