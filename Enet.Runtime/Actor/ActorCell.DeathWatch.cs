using Enet.Runtime.Dispatch;

namespace Enet.Runtime.Actor;

internal sealed partial class ActorCell
{
    private readonly HashSet<IActorRef> _watching = [];
    private readonly HashSet<IInternalActorRef> _watchedBy = [];

    public IActorRef Watch(IActorRef subject)
    {
        if (subject is IInternalActorRef target && !ReferenceEquals(subject, SelfRef) && _watching.Add(subject))
        {
            target.SendSystemMessage(new SystemMessage.Watch(target, SelfRef));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        if (subject is IInternalActorRef target && _watching.Remove(subject))
        {
            target.SendSystemMessage(new SystemMessage.Unwatch(target, SelfRef));
        }

        return subject;
    }

    private void OnWatchNotification(SystemMessage.DeathWatchNotification notification)
    {
        // Delivered through the user queue so it is ordered after messages the dead actor sent before dying.
        var actor = notification.Actor;
        if (_watching.Contains(actor))
        {
            Mailbox.Post(new Envelope(new Terminated(actor, notification.ExistenceConfirmed, notification.AddressTerminated, notification.Reason), actor));
        }
    }

    private void TellWatchersWeDied()
    {
        foreach (var watcher in _watchedBy)
        {
            watcher.SendSystemMessage(new SystemMessage.DeathWatchNotification(SelfRef));
        }

        _watchedBy.Clear();
        foreach (var watched in _watching)
        {
            ((IInternalActorRef)watched).SendSystemMessage(new SystemMessage.Unwatch((IInternalActorRef)watched, SelfRef));
        }

        _watching.Clear();
    }
}
