using Enet.Runtime.Actor;

namespace Enet.Remote;

/// <summary>
/// Watches one local actor for an Erlang process that monitors or links it, and runs
/// <paramref name="onTerminated"/> (send MONITOR_P_EXIT or EXIT) when the actor stops.
/// </summary>
internal sealed class ActorTerminationWatcher : ReceiveActor
{
    public ActorTerminationWatcher(IActorRef target, Action onTerminated)
    {
        Context.Watch(target);
        Receive<Terminated>(_ =>
        {
            onTerminated();
            Context.Stop(Self);
        });
    }
}
