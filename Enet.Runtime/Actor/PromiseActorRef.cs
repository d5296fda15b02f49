namespace Enet.Runtime.Actor;

/// <summary>The temporary sender of an Ask: the first reply completes the task, the scheduler's timeout fails it.</summary>
internal sealed class PromiseActorRef : IInternalActorRef
{
    private readonly TaskCompletionSource<object> _promise = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PromiseActorRef(ActorSystem system, ActorPath path)
    {
        System = system;
        Path = path;
    }

    public ActorPath Path { get; }

    public ActorSystem System { get; }

    public Task<object> Task => _promise.Task;

    public void Tell(object message, IActorRef sender)
    {
        var completed = message is Status.Failure failure ? _promise.TrySetException(failure.Cause) : _promise.TrySetResult(message);
        if (!completed)
        {
            System.PublishDeadLetter(message, sender, this);
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
    }

    public void Fail(Exception cause) => _promise.TrySetException(cause);

    public override string ToString() => $"[{Path}]";
}
