using Enet.Runtime.Event;

namespace Enet.Runtime.Actor;

/// <summary>Base of every actor: behaviour, lifecycle hooks, and the supervision of its children.</summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private SupervisorStrategy? _supervisorStrategy;

    protected ActorBase()
    {
        _cell = ActorCell.Creating
            ?? throw new ActorInitializationException(null, $"{GetType().Name} must be created through Props and ActorOf, not with new", null);
    }

    /// <summary>The context of the actor running on this thread, as Akka's static <c>Context</c>.</summary>
    protected static IActorContext Context =>
        ActorCell.Current ?? throw new NotSupportedException("Context is only available inside an actor's constructor, handlers and hooks");

    protected IActorRef Self => _cell.Self;

    protected IActorRef Sender => _cell.Sender;

    internal SupervisorStrategy SupervisorStrategyInternal => _supervisorStrategy ??= SupervisorStrategy();

    /// <summary>Returns false for a message this actor does not handle.</summary>
    protected abstract bool Receive(object message);

    protected virtual void PreStart()
    {
    }

    protected virtual void PostStop()
    {
    }

    /// <summary>By default stops all children (the new instance recreates what it needs) and calls PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }

        PostStop();
    }

    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>Publishes <see cref="UnhandledMessage"/>; an unhandled <see cref="Terminated"/> is a death pact.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        _cell.System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    protected virtual SupervisorStrategy SupervisorStrategy() => Actor.SupervisorStrategy.DefaultStrategy;

    protected void Become(Receive receive) => _cell.Become(receive);

    protected void BecomeStacked(Receive receive) => _cell.BecomeStacked(receive);

    protected void UnbecomeStacked() => _cell.UnbecomeStacked();

    protected void SetReceiveTimeout(TimeSpan? timeout) => _cell.SetReceiveTimeout(timeout);

    /// <summary>Runs async work as part of the current message: nothing else is processed until it completes,
    /// and after each await the actor's context (Self, Sender) is still valid.</summary>
    protected void RunTask(Func<Task> action) => _cell.RunTask(action);

    internal Receive InitialBehavior => Receive;

    internal void InvokePreStart() => PreStart();

    internal void InvokePostStop() => PostStop();

    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal void InvokePostRestart(Exception reason) => PostRestart(reason);

    internal void InvokeUnhandled(object message) => Unhandled(message);
}
