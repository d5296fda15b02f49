using Enet.TestKit;
using Enet.Actors.Arp;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Actors;


/// <summary>
/// Enet against the Linux kernel: the test makes its own network namespace with a TAP device in it, runs an
/// Enet host with ARP and ICMP on the device, and points Linux's own ping and arping at it. All traffic
/// stays inside the namespace, which is deleted at the end.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class KernelInteropTests(ITestOutputHelper output)
{
    private const string Device = "enet-it0";
    private static readonly MacAddress EnetMac = MacAddress.Parse("02:00:00:aa:bb:cc");
    private static readonly Ipv4Cidr EnetAddress = Ipv4Cidr.Parse("10.77.0.2/24");
    private static readonly Ipv4Cidr OsAddress = Ipv4Cidr.Parse("10.77.0.1/24");
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private static void RequirePrerequisites()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.Require(TestEnvironment.FindTool("ping") is not null, "ping (iputils-ping) for the kernel interop test");
        TestEnvironment.Require(TestEnvironment.FindTool("arping") is not null, "arping for the kernel interop test");
        TestEnvironment.Require(TestEnvironment.FindTool("tshark") is not null, "tshark to open Enet's capture");
    }

    [SkippableFact]
    public async Task Linux_ping_arping_and_tshark_see_an_enet_host_on_a_tap_device()
    {
        RequirePrerequisites();
        var capture = Path.Combine(Path.GetTempPath(), $"enet-interop-{Guid.NewGuid():N}.pcapng");
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        try
        {
            var iface = new InterfaceSettings("tap0", "tap", EnetMac)
            {
                Device = Device,
                Namespace = ns.Name,
                Ipv4 = [EnetAddress],
                OsIpv4 = OsAddress,
            };
            var settings = new HostSettings("h1", [iface]) { Services = ["arp", "icmp"], Capture = capture };
            var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));

            // One unhurried ping first: the first frames pay for JIT and thread-pool growth, which on a loaded
            // two-core machine can exceed the second -W 1 allows each reply below.
            var warmUp = await Run("ip", "netns", "exec", ns.Name, "ping", "-c", "1", "-W", "5", EnetAddress.Address.ToString());
            Assert.Equal(0, warmUp.ExitCode);
            var ping = await Run("ip", "netns", "exec", ns.Name, "ping", "-c", "5", "-W", "1", "-i", "0.2", EnetAddress.Address.ToString());
            Assert.Equal(0, ping.ExitCode);
            Assert.Contains("5 packets transmitted, 5 received, 0% packet loss", ping.Output);

            var neighbours = ns.IpHere("neigh", "show", "dev", Device);
            output.WriteLine(neighbours);
            Assert.Contains($"{EnetAddress.Address} lladdr {EnetMac}", neighbours);

            var arping = await Run("ip", "netns", "exec", ns.Name, "arping", "-c", "1", "-w", "5", "-I", Device, EnetAddress.Address.ToString());
            Assert.Equal(0, arping.ExitCode);
            Assert.Contains(EnetMac.ToString(), arping.Output, StringComparison.OrdinalIgnoreCase);

            var table = await host.Interfaces["tap0"].Arp!.Ask<Arp.Table>(Arp.GetTable.Instance);
            Assert.Contains(table.Entries, e => e.Address == OsAddress.Address);

            kit.Shutdown();
            var tshark = await Run("tshark", "-r", capture, "-Y", "icmp.type == 0");
            Assert.Equal(0, tshark.ExitCode);
            Assert.Equal(6, tshark.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            File.Delete(capture);
        }
    }

    [SkippableFact]
    public async Task Deleting_the_tap_device_stops_its_interface_and_the_host_says_why()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var iface = new InterfaceSettings("tap0", "tap", EnetMac) { Device = Device, Namespace = ns.Name, Ipv4 = [EnetAddress], OsIpv4 = OsAddress };
        var settings = new HostSettings("h1", [iface]);
        var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
        var eth = kit.Watch(host.Interfaces["tap0"].Interface);
        kit.EventFilter.Error(contains: "failed, stopping its interface").ExpectOne(() => ns.IpHere("link", "del", Device));
        kit.ExpectTerminated(eth);
    }

    /// <summary>Runs a tool on a thread of its own: blocking a pool thread for the seconds ping takes would starve
    /// the actors answering it on a two-core machine.</summary>
    private Task<ExternalProcess.Result> Run(string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);
}
