using Xunit;

namespace Enet.Tests.Tap;

/// <summary>A throw-away network namespace (`ip netns add enet-test-XXXXXXXX`) for one test, deleted on
/// Dispose, so TAP traffic never leaves it.</summary>
public sealed class TestNamespace : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private TestNamespace(string name) => Name = name;

    public string Name { get; }

    /// <summary>True when this process can make namespaces and TAP devices (root, /dev/net/tun, iproute2).</summary>
    public static bool Available => Environment.IsPrivilegedProcess && File.Exists("/dev/net/tun") && TestEnvironment.FindTool("ip") is not null;

    public const string Requirement = "root, /dev/net/tun and iproute2 (ip) for TAP interop tests";

    public static TestNamespace Create()
    {
        var name = $"enet-test-{Guid.NewGuid().ToString("N")[..8]}";
        Ip("netns", "add", name);
        return new TestNamespace(name);
    }

    /// <summary>Runs `ip -n NAME ARGS...` and returns its output; fails the test on a non-zero exit.</summary>
    public string IpHere(params string[] arguments) => Ip(["-n", Name, .. arguments]);

    public static string Ip(params string[] arguments)
    {
        var result = ExternalProcess.Run("ip", arguments, Timeout);
        Assert.True(result.ExitCode == 0, $"ip {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }

    /// <summary>Waits until a TCP socket in the namespace listens on <paramref name="port"/> (a server tool the test
    /// started), polling `ss`; fails the test after <paramref name="timeout"/>.</summary>
    public async Task AwaitListening(ushort port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (ExternalProcess.Run("ip", ["netns", "exec", Name, "ss", "-Hltn", $"sport = :{port}"], Timeout).Output.Trim().Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"nothing listened on TCP port {port} in {Name} within {timeout}");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until <paramref name="device"/>'s IPv6 addresses in the namespace passed duplicate address
    /// detection (none tentative: RFC 4862 5.4, a tentative address is no source); fails the test after
    /// <paramref name="timeout"/>.</summary>
    public async Task AwaitIpv6Usable(string device, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IpHere("-6", "addr", "show", "dev", device).Contains("tentative", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{device}'s IPv6 addresses in {Name} stayed tentative for {timeout}");
            await Task.Delay(50);
        }
    }

    /// <summary>Ends the processes still running in the namespace (tools the test started and a failure left behind),
    /// then deletes it.</summary>
    public void Dispose()
    {
        foreach (var pid in ExternalProcess.Run("ip", ["netns", "pids", Name], Timeout).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (int.TryParse(pid, out var id) && id != Environment.ProcessId)
                try
                {
                    System.Diagnostics.Process.GetProcessById(id).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    // It ended meanwhile.
                }
        ExternalProcess.Run("ip", ["netns", "del", Name], Timeout);
    }
}
