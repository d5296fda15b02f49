using Enet.Actors.Diagnostics;

namespace Enet.Actors.Hosting;

/// <summary>The observer services `services = [...]` can name besides arp and icmp.</summary>
public static class DiagnosticServices
{
    /// <summary>dump: one line per frame; crtest: the live round-trip tester, breakage files beside the capture
    /// (or in the temporary directory) named after the interface.</summary>
    public static IReadOnlyDictionary<string, ObserverFactory> All { get; } = new Dictionary<string, ObserverFactory>
    {
        ["dump"] = (_, stack) => Dumper.Props(stack.Interface),
        ["crtest"] = (host, stack) => CrTest.Props(stack.Interface, Path.Combine(
            Path.GetDirectoryName(host.Capture) is { Length: > 0 } directory ? directory : Path.GetTempPath(),
            $"enet-crtest-{host.Name}-{stack.Settings.Name}.pcap")),
    };
}
