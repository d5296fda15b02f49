namespace Enet.Runtime.Actor;

internal sealed class TypedHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : ReceiveHandler
{
    public override bool TryHandle(object message)
    {
        if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
        {
            return false;
        }

        handler(typed);
        return true;
    }
}
