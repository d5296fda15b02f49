using Enet.Configuration;
using Enet.Tap;
using Xunit.Abstractions;

namespace Enet.TestKit;

/// <summary>
/// Akka.TestKit for Enet: the system is configured by Enet's HOCON reader (reference.conf under
/// <paramref name="hocon"/>), log events go to Akka's TestEventListener (so EventFilter works), and with
/// <c>useVirtualTime: true</c> the scheduler is a <see cref="VirtualScheduler"/>, driven by <see cref="Advance"/>. The
/// dispatchers count their work in an <see cref="Activity"/>, so a test can wait until the system is idle
/// (<see cref="AwaitIdle"/>) instead of sleeping and hoping.
/// </summary>
public class EnetTestKit : Akka.TestKit.Xunit2.TestKit
{
    public EnetTestKit(bool useVirtualTime = false, string hocon = "", string systemName = "test", ITestOutputHelper? output = null)
        : base(TestConfig(hocon, useVirtualTime), systemName, output)
    {
    }

    /// <summary>The virtual clock; only for a kit made with <c>useVirtualTime: true</c>.</summary>
    public VirtualScheduler VirtualTime =>
        Sys.Scheduler as VirtualScheduler
        ?? throw new InvalidOperationException("The system does not run on virtual time: construct the kit with useVirtualTime: true");

    /// <summary>How long <see cref="AwaitIdle"/> waits before it gives up.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);

    /// <summary>What the system is doing: see <see cref="Activity"/>.</summary>
    public Activity Activity => Activity.Of(Sys);

    /// <summary>
    /// Moves virtual time forward by <paramref name="by"/> (see <see cref="VirtualScheduler.Advance"/>), letting the
    /// system go idle before each timer fires and at the end: the actors have started every timer they were going to
    /// before the clock passes its time, and what the timers set off has happened when this returns.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        VirtualTime.Advance(by, AwaitIdle);
        AwaitIdle();
    }

    /// <summary>Waits until no mailbox is queued or running and no frame is queued on a tracked link (see
    /// <see cref="Activity"/>): whatever the test set off has happened, so "nothing arrived" checked now is exact.</summary>
    public void AwaitIdle() => Activity.AwaitIdle(IdleTimeout);

    /// <summary>Nothing for <paramref name="probe"/> (the test actor by default) once the system is idle.</summary>
    public void ExpectNoMsgWhenIdle(Akka.TestKit.TestProbe? probe = null)
    {
        AwaitIdle();
        if (probe is null)
            ExpectNoMsg(TimeSpan.Zero);
        else
            probe.ExpectNoMsg(TimeSpan.Zero);
    }

    /// <summary><paramref name="link"/> with its received frames tracked (see <see cref="TrackedLink"/>): for a link a
    /// test hands an interface itself; <see cref="VirtualNetwork"/> tracks its own.</summary>
    public ILink Tracked(ILink link) => new TrackedLink(link, Activity);

    private static Akka.Configuration.Config TestConfig(string hocon, bool useVirtualTime)
    {
        var overrides = """
            akka.loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
            akka.logger-formatter = "Akka.Event.SemanticLogMessageFormatter, Akka"
            """;
        var executor = typeof(TrackingExecutorConfigurator).AssemblyQualifiedName;
        overrides += $"\nakka.actor.default-dispatcher.executor = \"{executor}\"\nakka.actor.internal-dispatcher.executor = \"{executor}\"";
        if (useVirtualTime)
            overrides += $"\nakka.scheduler.implementation = \"{typeof(VirtualScheduler).AssemblyQualifiedName}\"";
        return AkkaConfig.From(ConfigurationFactory.ParseString(overrides).WithFallback(ConfigurationFactory.ParseString(hocon)));
    }
}
