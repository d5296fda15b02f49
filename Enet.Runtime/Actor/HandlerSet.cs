namespace Enet.Runtime.Actor;

/// <summary>The registrations of one behaviour, tried in registration order.</summary>
internal sealed class HandlerSet
{
    private readonly List<ReceiveHandler> _handlers = [];

    public void Add(ReceiveHandler handler) => _handlers.Add(handler);

    public bool TryHandle(object message)
    {
        foreach (var handler in _handlers)
        {
            if (handler.TryHandle(message))
            {
                return true;
            }
        }

        return false;
    }
}
