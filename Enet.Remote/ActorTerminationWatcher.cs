using Akka.Actor;

namespace Enet.Remote;

/// <summary>
/// Watches one local actor for an Erlang process that monitors or links it, and runs
/// <paramref name="onTerminated"/> (send MONITOR_P_EXIT or EXIT) when the actor stops.
/// </summary>
internal sealed class ActorTerminationWatcher : ReceiveActor
{
    /// <summary>Nothing in it to reset on a restart, so Akka's Props with fixed arguments will do.</summary>
    public static Props Props(IActorRef target, Action onTerminated) =>
        Akka.Actor.Props.Create(typeof(ActorTerminationWatcher), target, onTerminated);

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
