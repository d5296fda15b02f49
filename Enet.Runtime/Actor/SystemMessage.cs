namespace Enet.Runtime.Actor;

/// <summary>
/// The runtime's own protocol between cells. System messages have their own queue and are processed
/// before user messages, even while the actor is suspended after a failure.
/// </summary>
internal abstract class SystemMessage
{
    public sealed class Create : SystemMessage
    {
        public static readonly Create Instance = new();
    }

    public sealed class Terminate : SystemMessage
    {
        public static readonly Terminate Instance = new();
    }

    public sealed class Suspend : SystemMessage
    {
        public static readonly Suspend Instance = new();
    }

    public sealed class Resume : SystemMessage
    {
        public static readonly Resume Instance = new();
    }

    public sealed class Recreate(Exception cause) : SystemMessage
    {
        public Exception Cause { get; } = cause;
    }

    public sealed class Failed(LocalActorRef child, Exception cause) : SystemMessage
    {
        public LocalActorRef Child { get; } = child;

        public Exception Cause { get; } = cause;
    }

    public sealed class ChildTerminated(LocalActorRef child) : SystemMessage
    {
        public LocalActorRef Child { get; } = child;
    }

    public sealed class Watch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
    {
        public IInternalActorRef Watchee { get; } = watchee;

        public IInternalActorRef Watcher { get; } = watcher;
    }

    public sealed class Unwatch(IInternalActorRef watchee, IInternalActorRef watcher) : SystemMessage
    {
        public IInternalActorRef Watchee { get; } = watchee;

        public IInternalActorRef Watcher { get; } = watcher;
    }

    public sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed = true, bool addressTerminated = false, object? reason = null)
        : SystemMessage
    {
        public IActorRef Actor { get; } = actor;

        public bool ExistenceConfirmed { get; } = existenceConfirmed;

        public bool AddressTerminated { get; } = addressTerminated;

        public object? Reason { get; } = reason;
    }

    public sealed class RunContinuation(SendOrPostCallback callback, object? state) : SystemMessage
    {
        public SendOrPostCallback Callback { get; } = callback;

        public object? State { get; } = state;
    }

    public sealed class AsyncCompleted(Task task) : SystemMessage
    {
        public Task Task { get; } = task;
    }
}
