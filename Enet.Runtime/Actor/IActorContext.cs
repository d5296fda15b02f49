namespace Enet.Runtime.Actor;

/// <summary>An actor's view of itself and the runtime; valid only on the actor's own turn.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed; dead letters when there is none.</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    Props Props { get; }

    IReadOnlyCollection<IActorRef> Children { get; }

    ITimerScheduler Timers { get; }

    TimeSpan? ReceiveTimeout { get; }

    /// <summary>The named child, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Relative to this actor unless the path starts with '/' or the system address.</summary>
    ActorSelection ActorSelection(string path);

    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> when <paramref name="subject"/> stops, at once if it already has.</summary>
    IActorRef Watch(IActorRef subject);

    IActorRef Unwatch(IActorRef subject);

    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    void BecomeStacked(Receive receive);

    void UnbecomeStacked();
}
