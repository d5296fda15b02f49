using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Enet.Tap;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Tcp;

using TestKit = Enet.TestKit.TestKit;

/// <summary>
/// Enet's TCP against Linux's: a namespace the test makes, a TAP device in it, an Enet host with tcp-echo on the
/// device, and Linux's socat as the client. All traffic stays inside the namespace, which is deleted at the end.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class TcpKernelInteropTests(ITestOutputHelper output)
{
    private const string Device = "enet-tcp0";
    private static readonly MacAddress EnetMac = MacAddress.Parse("02:00:00:aa:bb:dd");
    private static readonly Ipv4Cidr EnetAddress = Ipv4Cidr.Parse("10.79.0.2/24");
    private static readonly Ipv4Cidr OsAddress = Ipv4Cidr.Parse("10.79.0.1/24");
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Linux_socat_gets_back_what_it_sends_to_the_enet_tcp_echo_service()
    {
        if (!TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement, output) ||
            !TestEnvironment.Require(TestEnvironment.FindTool("socat") is not null, "socat for the TCP interop test", output))
            return;
        var sent = Path.Combine(Path.GetTempPath(), $"enet-tcp-in-{Guid.NewGuid():N}");
        var echoed = sent + ".echo";
        using var ns = TestNamespace.Create();
        using var kit = new TestKit();
        using var links = new LinkFactory();
        try
        {
            File.WriteAllBytes(sent, System.Security.Cryptography.RandomNumberGenerator.GetBytes(256 * 1024));
            var iface = new InterfaceSettings("tap0", "tap", EnetMac) { Device = Device, Namespace = ns.Name, Ipv4 = [EnetAddress], OsIpv4 = OsAddress };
            var settings = new HostSettings("h1", [iface]) { Services = ["arp", "icmp", "tcp-echo"] };
            await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
            // socat sends the file, half-closes after it (RFC 9293 3.6), and writes what comes back until the echo
            // service closes too.
            var socat = await Run("ip", "netns", "exec", ns.Name, "socat", "-T", "30", $"OPEN:{sent}",
                $"TCP:{EnetAddress.Address}:7,connect-timeout=10!!CREATE:{echoed}");
            Assert.Equal(0, socat.ExitCode);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(sent)),
                System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(echoed)));
        }
        finally
        {
            File.Delete(sent);
            File.Delete(echoed);
        }
    }

    private Task<ExternalProcess.Result> Run(string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);
}
