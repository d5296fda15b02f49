namespace Enet.Runtime.Actor;

/// <summary>The answer to <see cref="Identify"/>.</summary>
public sealed class ActorIdentity(object? messageId, IActorRef? subject)
{
    public object? MessageId { get; } = messageId;

    public IActorRef? Subject { get; } = subject;
}
