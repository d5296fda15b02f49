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
    /// <summary>How far one step of <see cref="Advance"/> moves the clock.</summary>
    public static readonly TimeSpan AdvanceStep = TimeSpan.FromMilliseconds(1);

    public EnetTestKit(bool useVirtualTime = false, string hocon = "", string systemName = "test", ITestOutputHelper? output = null)
        : base(TestConfig(hocon, useVirtualTime), systemName, output)
    {
    }

    /// <summary>The virtual clock; only for a kit made with <c>useVirtualTime: true</c>.</summary>
    public TestScheduler TestScheduler =>
        Sys.Scheduler as TestScheduler
        ?? throw new InvalidOperationException("The system does not run on virtual time: construct the kit with useVirtualTime: true");

    /// <summary>
    /// Moves virtual time forward by <paramref name="by"/> in <see cref="AdvanceStep"/> steps. TestScheduler fires a
    /// periodic timer once per Advance however many periods pass; stepping makes it fire once per period, and
    /// timers due in the span fire in due order, as they would in real time.
    /// </summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var scheduler = TestScheduler;
        var end = scheduler.Now + by;
        while (scheduler.Now + AdvanceStep < end)
            scheduler.Advance(AdvanceStep);
        scheduler.AdvanceTo(end);
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
