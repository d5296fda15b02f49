namespace Enet.Runtime.Actor;

/// <summary>Applies a Restart or Stop decision to the failed child and all its siblings (Resume stays local).</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> localOnlyDecider)
        : base(maxNrOfRetries, withinTimeRange, localOnlyDecider)
    {
    }

    public AllForOneStrategy(Func<Exception, Directive> localOnlyDecider)
        : this(null, null, localOnlyDecider)
    {
    }

    internal override void ProcessFailure(ActorCell supervisor, bool restart, LocalActorRef child, Exception cause) =>
        RestartOrStop(supervisor, restart, child, cause, supervisor.ChildRefs.ToArray(), this);
}
