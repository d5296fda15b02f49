using Enet.Runtime.Event;
using Enet.Runtime.Scheduling;

namespace Enet.Runtime.Actor;

/// <summary>A tree of actors with its scheduler, event stream and dead letters: <c>enet://name/user/...</c>.</summary>
public sealed class ActorSystem : IDisposable
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorCell _root;
    private readonly LocalActorRef _userGuardian;
    private readonly bool _ownsScheduler;
    private long _tempCounter;

    private ActorSystem(string name, ActorSystemSettings settings)
    {
        Name = name;
        Settings = settings;
        Logger = settings.Logger ?? Serilog.Log.Logger;
        _ownsScheduler = settings.SchedulerInstance is null && settings.Scheduler == SchedulerKind.HashedWheel;
        Scheduler = settings.SchedulerInstance
            ?? (settings.Scheduler == SchedulerKind.Virtual
                ? new VirtualScheduler()
                : new HashedWheelScheduler(settings.TickResolution, settings.TicksPerWheel));
        var root = ActorPath.Root(name);
        DeadLetters = new DeadLettersRef(this, root / "deadLetters");
        Log = new LoggingAdapter(this, $"ActorSystem({name})", typeof(ActorSystem));
        _root = new ActorCell(this, Props.Create<GuardianActor>(), root, parent: null, isGuardian: true);
        _root.SelfRef.SendSystemMessage(SystemMessage.Create.Instance);
        _userGuardian = (LocalActorRef)_root.ActorOf(Props.Create<GuardianActor>(), "user", isGuardian: true);
    }

    public string Name { get; }

    public ActorSystemSettings Settings { get; }

    public IScheduler Scheduler { get; }

    public EventStream EventStream { get; } = new();

    public IActorRef DeadLetters { get; }

    public ILoggingAdapter Log { get; }

    public Task WhenTerminated => _terminated.Task;

    internal Serilog.ILogger Logger { get; }

    public static ActorSystem Create(string name) => Create(name, ActorSystemSettings.Default);

    /// <summary>Starts a system configured from HOCON: `enet.actor`, `enet.scheduler` and `enet.log`, falling back
    /// to reference.conf.</summary>
    public static ActorSystem Create(string name, Configuration.Config config) =>
        Create(name, Configuration.ActorSystemConfig.ToSettings(config));

    public static ActorSystem Create(string name, ActorSystemSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Invalid actor system name [{name}]: use ASCII letters, digits, '-' and '_'", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Throughput, 1, nameof(settings));
        return new ActorSystem(name, settings);
    }

    /// <summary>Creates a top-level actor under /user.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.Cell.ActorOf(props, name);

    /// <summary>An absolute path (<c>/user/a</c> or <c>enet://name/user/a</c>).</summary>
    public ActorSelection ActorSelection(string path) => SelectFrom(_root.SelfRef, path);

    public void Stop(IActorRef actor)
    {
        if (actor is IInternalActorRef target)
        {
            target.SendSystemMessage(SystemMessage.Terminate.Instance);
        }
    }

    /// <summary>Stops every actor (children before parents) and then the scheduler.</summary>
    public Task Terminate()
    {
        _root.SelfRef.SendSystemMessage(SystemMessage.Terminate.Instance);
        return WhenTerminated;
    }

    public void Dispose() => Terminate().Wait(TimeSpan.FromSeconds(10));

    public override string ToString() => $"enet://{Name}";

    internal ActorSelection SelectFrom(IActorRef anchor, string path)
    {
        var address = _root.Self.Path.Address;
        if (path.StartsWith("enet://", StringComparison.Ordinal))
        {
            if (!path.StartsWith(address + "/", StringComparison.Ordinal) && path != address)
            {
                return new ActorSelection(this, ActorRefs.Nobody, [string.Empty]);
            }

            path = path[address.Length..];
        }

        if (path.StartsWith('/'))
        {
            anchor = _root.SelfRef;
        }

        return new ActorSelection(this, anchor, path.Split('/', StringSplitOptions.RemoveEmptyEntries));
    }

    internal void PublishDeadLetter(object message, IActorRef sender, IActorRef recipient)
    {
        // A dead letter about a dead letter would loop through a subscriber that has died.
        if (message is not DeadLetter)
        {
            EventStream.Publish(new DeadLetter(message, sender, recipient));
        }
    }

    internal ActorPath NextTempPath() => _root.Self.Path / "temp" / ("$" + Interlocked.Increment(ref _tempCounter));

    internal void OnRootTerminated()
    {
        if (_ownsScheduler && Scheduler is IDisposable disposable)
        {
            disposable.Dispose();
        }

        _terminated.TrySetResult();
    }
}
