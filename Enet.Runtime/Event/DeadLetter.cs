using Enet.Runtime.Actor;

namespace Enet.Runtime.Event;

/// <summary>Published when a message could not be delivered (stopped actor, empty selection, late reply).</summary>
public sealed class DeadLetter(object message, IActorRef sender, IActorRef recipient)
{
    public object Message { get; } = message;

    public IActorRef Sender { get; } = sender;

    public IActorRef Recipient { get; } = recipient;

    public override string ToString() => $"DeadLetter from {Sender} to {Recipient}: {Message}";
}
