using Enet.Tap;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Host;

/// <summary>`enet ping` with the README's examples/tap.conf, its TAP device moved into a throw-away namespace whose
/// Linux side answers; and the one-line refusal when another process holds the device.</summary>
[Collection(KernelInteropCollection.Name)]
public sealed class PingCommandTapTests(ITestOutputHelper output) : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"enet-ping-{Guid.NewGuid():N}.conf");

    public void Dispose() => File.Delete(file);

    /// <summary>examples/tap.conf as the README gives it, plus the line that keeps its device inside <paramref name="ns"/>.</summary>
    public static string TapConfigIn(TestNamespace ns) =>
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "examples", "tap.conf")) +
        $"\nenet.hosts.h1.interfaces.tap0.namespace = \"{ns.Name}\"\n";

    [SkippableFact]
    public void Ping_through_a_tap_device_gets_linux_replies_and_exits_0()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        using var ns = TestNamespace.Create();
        File.WriteAllText(file, TapConfigIn(ns));
        var result = EnetCommand.Run("ping", "192.0.2.1", "--config", file, "--count", "3", "--interval", "0.2", "-W", "5");
        output.WriteLine(result.Output + result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("PING 192.0.2.1 (192.0.2.1) from 192.0.2.2 h1/tap0", result.Output);
        Assert.Contains("3 packets transmitted, 3 received, 0% packet loss", result.Output);
        Assert.Equal(3, result.Output.Split('\n').Count(l => l.StartsWith("64 bytes from 192.0.2.1: icmp_seq=")));
    }

    [SkippableFact]
    public void Ping_on_a_tap_device_another_process_holds_is_one_line_naming_ebusy_and_exit_2()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        using var ns = TestNamespace.Create();
        File.WriteAllText(file, TapConfigIn(ns));
        using var holder = TapDevice.Open(new TapDeviceOptions { Name = "enet0", Namespace = ns.Name });
        var result = EnetCommand.Run("ping", "192.0.2.1", "--config", file, "--count", "1");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("enet ping: tap enet0: ", line);
        Assert.Contains("EBUSY", line);
        Assert.EndsWith("another process has the device open", line);
    }
}
