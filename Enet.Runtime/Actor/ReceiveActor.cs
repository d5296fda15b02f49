namespace Enet.Runtime.Actor;

/// <summary>
/// An actor that declares one handler per message type in its constructor (or in a Become block);
/// the first registration whose type and predicate match handles the message.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private readonly HandlerSet _initial = new();
    private HandlerSet _configuring;

    protected ReceiveActor()
    {
        _configuring = _initial;
    }

    protected sealed override bool Receive(object message) => _initial.TryHandle(message);

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null) =>
        _configuring.Add(new TypedHandler<T>(handler, shouldHandle));

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) =>
        _configuring.Add(new TypedHandler<T>(handler, shouldHandle));

    /// <summary>The actor processes nothing else until the returned task completes.</summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        _configuring.Add(new AsyncTypedHandler<T>(handler, shouldHandle));

    protected void ReceiveAny(Action<object> handler) => _configuring.Add(new TypedHandler<object>(handler, null));

    protected void ReceiveAnyAsync(Func<object, Task> handler) => _configuring.Add(new AsyncTypedHandler<object>(handler, null));

    /// <summary>Replaces the behaviour with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Become(Build(configure).TryHandle);

    protected void BecomeStacked(Action configure) => BecomeStacked(Build(configure).TryHandle);

    private HandlerSet Build(Action configure)
    {
        var previous = _configuring;
        var set = new HandlerSet();
        _configuring = set;
        try
        {
            configure();
        }
        finally
        {
            _configuring = previous;
        }

        return set;
    }
}
