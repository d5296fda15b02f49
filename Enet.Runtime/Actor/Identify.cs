namespace Enet.Runtime.Actor;

/// <summary>Every actor answers this with <see cref="ActorIdentity"/>; used to resolve selections.</summary>
public sealed class Identify(object? messageId) : IAutoReceivedMessage
{
    public object? MessageId { get; } = messageId;
}
