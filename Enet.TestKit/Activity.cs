using System.Runtime.CompilerServices;
using Akka.Actor;

namespace Enet.TestKit;

/// <summary>
/// What an actor system on virtual time is doing: mailboxes queued or running (through
/// <see cref="TrackingExecutorConfigurator"/>) and frames queued on tracked links or being published by their readers
/// (<see cref="TrackedLink"/>). Idle means none: nothing can happen until the test acts or moves the clock, so "nothing
/// arrived" checked then is exact, and a timer an actor was about to start is started before the clock moves.
/// </summary>
/// <remarks>
/// Work hands itself on (a running mailbox queues a frame, a reader takes it and wakes a mailbox), and each hand-off
/// sets the next holder before it clears the last and bumps <see cref="version"/>: a check that reads every holder
/// empty with the version unchanged across the reads saw a moment at which the system was idle. Outside it: real
/// timers (a fault injector's delays), sockets, and tasks an actor awaits.
/// </remarks>
public sealed class Activity
{
    private static readonly ConditionalWeakTable<ActorSystem, Activity> Systems = [];
    private readonly Lock gate = new();
    private readonly List<TrackedReader> readers = [];
    private long running;
    private long version;

    /// <summary>The tracker of <paramref name="system"/>, made on first use.</summary>
    public static Activity Of(ActorSystem system) => Systems.GetValue(system, _ => new Activity());

    internal void Begin()
    {
        Interlocked.Increment(ref running);
        Interlocked.Increment(ref version);
    }

    internal void End()
    {
        Interlocked.Increment(ref version);
        Interlocked.Decrement(ref running);
    }

    internal void Touch() => Interlocked.Increment(ref version);

    internal void Add(TrackedReader reader)
    {
        lock (gate)
            readers.Add(reader);
    }

    internal void Remove(TrackedReader reader)
    {
        lock (gate)
            readers.Remove(reader);
    }

    /// <summary>True when nothing is queued or running at the moment of the call.</summary>
    public bool IsIdle()
    {
        var before = Interlocked.Read(ref version);
        if (Interlocked.Read(ref running) != 0)
            return false;
        lock (gate)
            if (readers.Any(r => !r.IsIdle))
                return false;
        return Interlocked.Read(ref version) == before;
    }

    /// <summary>Waits until <see cref="IsIdle"/>; throws when it is not within <paramref name="timeout"/> (an actor that
    /// keeps sending itself messages, say).</summary>
    public void AwaitIdle(TimeSpan timeout)
    {
        if (!SpinWait.SpinUntil(IsIdle, timeout))
            throw new TimeoutException($"The actor system did not go idle within {timeout}: something keeps it busy");
    }
}
