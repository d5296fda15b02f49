using System.Text.RegularExpressions;
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

    /// <summary>
    /// IPv6: Enet pings Linux's side of the device with ICMPv6 echo and prints what Linux's own ping prints, line for
    /// line once addresses, device names and numbers are masked (Linux's lines come from pinging ::1 in the same
    /// namespace). Linux's DAD is off in the namespace: its address would stay tentative, unanswering, for 1-2 s.
    /// </summary>
    [SkippableFact]
    public void Ping6_through_a_tap_device_gets_linux_replies_in_linux_ping_s_words()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.Require(TestEnvironment.FindTool("ping") is not null, "ping (iputils-ping)");
        using var ns = TestNamespace.Create();
        Assert.Equal(0, ExternalProcess.Run("ip", ["netns", "exec", ns.Name, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0"], TimeSpan.FromSeconds(10)).ExitCode);
        ns.IpHere("link", "set", "lo", "up");
        File.WriteAllText(file, TapConfigIn(ns) +
            "enet.hosts.h1.interfaces.tap0 { ipv6 = [\"2001:db8:5::2/64\"], os-ipv6 = \"2001:db8:5::1/64\" }\n");
        var result = EnetCommand.Run("ping", "2001:db8:5::1", "--config", file, "-c", "3", "-i", "0.2", "-W", "5");
        output.WriteLine(result.Output + result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("PING 2001:db8:5::1(2001:db8:5::1) from 2001:db8:5::2 h1/tap0: 56 data bytes", result.Output);
        Assert.Contains("3 packets transmitted, 3 received, 0% packet loss", result.Output);
        Assert.Equal(["1", "2", "3"], result.Output.Split('\n').Where(l => l.StartsWith("64 bytes from 2001:db8:5::1: icmp_seq="))
            .Select(l => l.Split("icmp_seq=")[1].Split(' ')[0]));

        var linux = ExternalProcess.Run("ip", ["netns", "exec", ns.Name, "ping", "-6", "-c", "3", "-i", "0.2", "-I", "lo", "::1"], TimeSpan.FromSeconds(30));
        output.WriteLine(linux.Output);
        Assert.Equal(0, linux.ExitCode);
        Assert.Equal(Shapes(linux.Output), Shapes(result.Output));
    }

    /// <summary>Each line with addresses, the device and every number masked: what is left is ping's wording.</summary>
    private static string[] Shapes(string text) =>
        [.. text.Split('\n').Select(line => Regex.Replace(line, @"from (\S+) (\S+):", "from $1 DEVICE:"))
            .Select(line => Regex.Replace(line, @"[0-9a-f]*::?[0-9a-f:]*", "ADDRESS"))
            .Select(line => Regex.Replace(line, @"[0-9]+(\.[0-9]+)?", "N"))];

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
