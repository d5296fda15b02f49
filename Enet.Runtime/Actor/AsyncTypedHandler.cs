namespace Enet.Runtime.Actor;

internal sealed class AsyncTypedHandler<T>(Func<T, Task> handler, Predicate<T>? shouldHandle) : ReceiveHandler
{
    public override bool TryHandle(object message)
    {
        if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
        {
            return false;
        }

        ActorCell.Current!.RunTask(() => handler(typed));
        return true;
    }
}
