namespace Enet.Runtime.Actor;

/// <summary>The system's dead-letter office: everything told to it is published as a <c>DeadLetter</c>.</summary>
internal sealed class DeadLettersRef(ActorSystem system, ActorPath path) : IInternalActorRef
{
    public ActorPath Path { get; } = path;

    public ActorSystem System { get; } = system;

    public void Tell(object message, IActorRef sender) => System.PublishDeadLetter(message, sender, this);

    public void SendSystemMessage(SystemMessage message)
    {
        // Watching dead letters is watching something that never lived.
        if (message is SystemMessage.Watch watch)
        {
            watch.Watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(this));
        }
    }

    public override string ToString() => $"[{Path}]";
}
