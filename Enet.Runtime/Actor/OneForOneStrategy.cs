namespace Enet.Runtime.Actor;

/// <summary>Applies a decision to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> localOnlyDecider)
        : base(maxNrOfRetries, withinTimeRange, localOnlyDecider)
    {
    }

    public OneForOneStrategy(Func<Exception, Directive> localOnlyDecider)
        : this(null, null, localOnlyDecider)
    {
    }

    internal override void ProcessFailure(ActorCell supervisor, bool restart, LocalActorRef child, Exception cause) =>
        RestartOrStop(supervisor, restart, child, cause, [child], this);
}
