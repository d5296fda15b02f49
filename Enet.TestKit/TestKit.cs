using Enet.Runtime.Actor;

namespace Enet.TestKit;

/// <summary>
/// xunit base class (or plain object) owning an actor system for one test; disposing it terminates the system.
/// <c>useVirtualTime: true</c> runs the system on a <see cref="Runtime.Scheduling.VirtualScheduler"/> driven by <c>Advance</c>.
/// </summary>
public class TestKit : TestKitBase, IDisposable
{
    public TestKit(ActorSystemSettings? settings = null, bool useVirtualTime = false, string systemName = "test")
        : base(CreateSystem(settings, useVirtualTime, systemName), "testActor")
    {
    }

    public TestProbe CreateTestProbe(string name = "testProbe") => new(Sys, name);

    /// <summary>Terminates the system and waits for it (up to 10 s).</summary>
    public void Shutdown() => Sys.Terminate().Wait(TimeSpan.FromSeconds(10));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Shutdown();
        }
    }

    private static ActorSystem CreateSystem(ActorSystemSettings? settings, bool useVirtualTime, string systemName)
    {
        var effective = settings ?? ActorSystemSettings.Default;
        if (useVirtualTime)
        {
            effective = effective with { Scheduler = SchedulerKind.Virtual, SchedulerInstance = null };
        }

        return ActorSystem.Create(systemName, effective);
    }
}
