using System.Reflection;
using Akka.TestKit;
using Enet.Configuration;
using Xunit.Abstractions;

namespace Enet.TestKit;

/// <summary>
/// Akka.TestKit for Enet: the system is configured by Enet's HOCON reader (reference.conf under
/// <paramref name="hocon"/>), log events go to Akka's TestEventListener (so EventFilter works), and with
/// <c>useVirtualTime: true</c> the scheduler is Akka's <see cref="TestScheduler"/>, driven by <see cref="Advance"/>.
/// </summary>
public class EnetTestKit : Akka.TestKit.Xunit2.TestKit
{
    // TestScheduler keeps its work keyed by due time (UTC ticks) and has no way to ask for the next one.
    private static readonly FieldInfo ScheduledWork =
        typeof(TestScheduler).GetField("_scheduledWork", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("Akka.TestKit's TestScheduler no longer has _scheduledWork: EnetTestKit.Advance needs updating");

    public EnetTestKit(bool useVirtualTime = false, string hocon = "", string systemName = "test", ITestOutputHelper? output = null)
        : base(TestConfig(hocon, useVirtualTime), systemName, output)
    {
    }

    /// <summary>The virtual clock; only for a kit made with <c>useVirtualTime: true</c>.</summary>
    public TestScheduler TestScheduler =>
        Sys.Scheduler as TestScheduler
        ?? throw new InvalidOperationException("The system does not run on virtual time: construct the kit with useVirtualTime: true");

    /// <summary>
    /// Moves virtual time forward by <paramref name="by"/>, stopping at every due time on the way: timers fire in due
    /// order, each with the clock at its own due time, and a periodic timer fires once per period it spans
    /// (TestScheduler's own Advance fires it once, however many periods pass). Timers the woken actors start while
    /// the clock moves are fired too when they fall due within the span.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var scheduler = TestScheduler;
        var end = scheduler.Now + by;
        var work = (System.Collections.IDictionary)ScheduledWork.GetValue(scheduler)!;
        for (var steps = 0; NextDue(work) is { } due && due <= end.UtcTicks; steps++)
        {
            if (steps > 1_000_000)
                throw new InvalidOperationException($"Advance({by}) fired a million timers: an actor keeps scheduling at the same instant");
            scheduler.AdvanceTo(new DateTimeOffset(Math.Max(due, scheduler.Now.UtcTicks), TimeSpan.Zero));
        }
        scheduler.AdvanceTo(end);
    }

    private static long? NextDue(System.Collections.IDictionary work)
    {
        long? next = null;
        foreach (long due in work.Keys)
            if (next is null || due < next)
                next = due;
        return next;
    }

    private static Akka.Configuration.Config TestConfig(string hocon, bool useVirtualTime)
    {
        var overrides = """
            akka.loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
            akka.logger-formatter = "Akka.Event.SemanticLogMessageFormatter, Akka"
            """;
        if (useVirtualTime)
            overrides += "\nakka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"";
        return AkkaConfig.From(ConfigurationFactory.ParseString(overrides).WithFallback(ConfigurationFactory.ParseString(hocon)));
    }
}
