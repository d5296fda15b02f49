using Enet.Configuration;
using Xunit.Abstractions;

namespace Enet.TestKit;

/// <summary>
/// Akka.TestKit for Enet: the system is configured by Enet's HOCON reader (reference.conf under
/// <paramref name="hocon"/>), log events go to Akka's TestEventListener (so EventFilter works), and with
/// <c>useVirtualTime: true</c> the scheduler is a <see cref="VirtualScheduler"/>, driven by <see cref="Advance"/>.
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

    /// <summary>Moves virtual time forward by <paramref name="by"/>: see <see cref="VirtualScheduler.Advance"/>.</summary>
    public void Advance(TimeSpan by) => VirtualTime.Advance(by);

    private static Akka.Configuration.Config TestConfig(string hocon, bool useVirtualTime)
    {
        var overrides = """
            akka.loggers = ["Akka.TestKit.TestEventListener, Akka.TestKit"]
            akka.logger-formatter = "Akka.Event.SemanticLogMessageFormatter, Akka"
            """;
        if (useVirtualTime)
            overrides += $"\nakka.scheduler.implementation = \"{typeof(VirtualScheduler).AssemblyQualifiedName}\"";
        return AkkaConfig.From(ConfigurationFactory.ParseString(overrides).WithFallback(ConfigurationFactory.ParseString(hocon)));
    }
}
