using Enet.Runtime.Dispatch;

namespace Enet.Runtime.Actor;

/// <summary>The reference to an actor of this process; a thin handle over its cell's mailbox.</summary>
internal sealed class LocalActorRef(ActorCell cell, ActorPath path) : IInternalActorRef
{
    public ActorPath Path { get; } = path;

    public ActorCell Cell { get; } = cell;

    public ActorSystem System => Cell.System;

    public void Tell(object message, IActorRef sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.Mailbox.Post(new Envelope(message, sender ?? ActorRefs.NoSender));
    }

    public void SendSystemMessage(SystemMessage message) => Cell.Mailbox.PostSystem(message);

    public override string ToString() => $"[{Path}]";
}
