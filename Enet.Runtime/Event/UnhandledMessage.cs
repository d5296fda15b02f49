using Enet.Runtime.Actor;

namespace Enet.Runtime.Event;

/// <summary>Published when an actor's behaviour did not handle a message.</summary>
public sealed class UnhandledMessage(object message, IActorRef sender, IActorRef recipient)
{
    public object Message { get; } = message;

    public IActorRef Sender { get; } = sender;

    public IActorRef Recipient { get; } = recipient;

    public override string ToString() => $"Unhandled message from {Sender} to {Recipient}: {Message}";
}
