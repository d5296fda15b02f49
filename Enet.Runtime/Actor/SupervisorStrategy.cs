namespace Enet.Runtime.Actor;

/// <summary>How a parent handles its children's failures: a decider picks a <see cref="Directive"/>, and
/// restarts beyond <see cref="MaxNumberOfRetries"/> within <see cref="WithinTimeRange"/> stop the child instead.</summary>
public abstract class SupervisorStrategy
{
    private protected SupervisorStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider)
    {
        MaxNumberOfRetries = maxNrOfRetries ?? -1;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
    }

    /// <summary>Akka's default: stop on initialization failure, Kill and death pacts, restart on anything else.</summary>
    public static Func<Exception, Directive> DefaultDecider { get; } = static cause => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(static _ => Directive.Stop);

    /// <summary>Negative means unlimited.</summary>
    public int MaxNumberOfRetries { get; }

    /// <summary>Null means the retries are counted forever.</summary>
    public TimeSpan? WithinTimeRange { get; }

    public Func<Exception, Directive> Decider { get; }

    /// <summary>Applies a Restart or Stop decision to the failed child and, for all-for-one, its siblings.</summary>
    internal abstract void ProcessFailure(ActorCell supervisor, bool restart, LocalActorRef child, Exception cause);

    private protected static void RestartOrStop(ActorCell supervisor, bool restart, LocalActorRef failed, Exception cause, IEnumerable<LocalActorRef> affected, SupervisorStrategy strategy)
    {
        var permitted = restart && supervisor.RestartStatsOf(failed)
            .RequestRestartPermission(supervisor.System.Scheduler.Now, strategy.MaxNumberOfRetries, strategy.WithinTimeRange);
        foreach (var child in affected)
        {
            if (permitted)
            {
                child.SendSystemMessage(new SystemMessage.Recreate(cause));
            }
            else
            {
                supervisor.Stop(child);
            }
        }
    }
}
