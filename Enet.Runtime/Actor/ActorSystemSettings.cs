using Enet.Runtime.Event;
using Enet.Runtime.Scheduling;

namespace Enet.Runtime.Actor;

/// <summary>Everything an <see cref="ActorSystem"/> needs to start; plain values with working defaults.</summary>
public sealed record ActorSystemSettings
{
    public static ActorSystemSettings Default { get; } = new();

    /// <summary>User messages an actor processes per turn on a thread before yielding it.</summary>
    public int Throughput { get; init; } = 30;

    /// <summary>Used by Ask when the caller gives no timeout.</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public LogLevel LogLevel { get; init; } = LogLevel.InfoLevel;

    public SchedulerKind Scheduler { get; init; } = SchedulerKind.HashedWheel;

    /// <summary>When set, used instead of building one from <see cref="Scheduler"/> (e.g. a shared <see cref="VirtualScheduler"/>).</summary>
    public IScheduler? SchedulerInstance { get; init; }

    public TimeSpan TickResolution { get; init; } = TimeSpan.FromMilliseconds(10);

    public int TicksPerWheel { get; init; } = 512;

    /// <summary>How /user supervises top-level actors; Escalate there stops the actor and logs.</summary>
    public SupervisorStrategy GuardianSupervisorStrategy { get; init; } = SupervisorStrategy.DefaultStrategy;

    /// <summary>Serilog logger to write to; Serilog's static <c>Log.Logger</c> when null.</summary>
    public Serilog.ILogger? Logger { get; init; }
}
