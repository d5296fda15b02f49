namespace Enet.Runtime.Actor;

/// <summary>Runs an async handler's continuations as system messages of its actor, so they see the actor's
/// context and never run concurrently with it.</summary>
internal sealed class ActorSynchronizationContext(LocalActorRef self) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) =>
        self.SendSystemMessage(new SystemMessage.RunContinuation(d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("An actor cannot block waiting for its own turn");

    public override SynchronizationContext CreateCopy() => this;
}
