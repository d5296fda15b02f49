namespace Enet.Runtime.Actor;

/// <summary>A reference to no actor at all: whatever is told to it is dropped.</summary>
internal sealed class NobodyRef(ActorPath path) : IActorRef
{
    public ActorPath Path { get; } = path;

    public void Tell(object message, IActorRef sender)
    {
    }

    public override string ToString() => $"[{Path}]";
}
