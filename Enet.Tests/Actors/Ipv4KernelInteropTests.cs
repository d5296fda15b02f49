using Enet.TestKit;
using Enet.Actors.Hosting;
using Enet.Actors.Icmp;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Actors;


/// <summary>
/// IPv4 fragmentation and reassembly against the Linux kernel, set up as <see cref="KernelInteropTests"/> is: a
/// network namespace of the test's own with a TAP device in it, an Enet host on the device, Linux's ping in
/// the namespace. Nothing leaves the namespace, which is deleted at the end.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class Ipv4KernelInteropTests(ITestOutputHelper output)
{
    private const string Device = "enet-fr0";
    private static readonly MacAddress EnetMac = MacAddress.Parse("02:00:00:aa:bb:cd");
    private static readonly Ipv4Cidr EnetAddress = Ipv4Cidr.Parse("10.78.0.2/24");
    private static readonly Ipv4Cidr OsAddress = Ipv4Cidr.Parse("10.78.0.1/24");
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private static void RequirePrerequisites()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.Require(TestEnvironment.FindTool("ping") is not null, "ping (iputils-ping) for the kernel interop test");
    }

    private static async Task<(RunningHost Host, IActorRef Ipv4)> Start(EnetTestKit kit, LinkFactory links, TestNamespace ns)
    {
        var iface = new InterfaceSettings("tap0", "tap", EnetMac) { Device = Device, Namespace = ns.Name, Ipv4 = [EnetAddress], OsIpv4 = OsAddress };
        var settings = new HostSettings("h1", [iface]);
        var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
        return (host, host.Interfaces["tap0"].Ipv4!);
    }

    [SkippableFact]
    public async Task Linux_ping_of_8000_bytes_is_reassembled_by_enet_and_answered_in_fragments()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var (_, ipv4) = await Start(kit, links, ns);
        // One unhurried ping first: the first frames pay for JIT and thread-pool growth (see KernelInteropTests).
        Assert.Equal(0, (await Ping(ns, "-c", "1", "-W", "5", EnetAddress.Address.ToString())).ExitCode);
        var ping = await Ping(ns, "-c", "3", "-W", "2", "-i", "0.2", "-s", "8000", EnetAddress.Address.ToString());
        Assert.Equal(0, ping.ExitCode);
        Assert.Contains("3 packets transmitted, 3 received, 0% packet loss", ping.Output);
        Assert.Contains("8008 bytes from 10.78.0.2", ping.Output);
        var statistics = await ipv4.Ask<Ipv4.Statistics>(Ipv4.GetStatistics.Instance);
        // Linux splits each 8028-byte request into 6 fragments; Enet's replies are split the same way.
        Assert.Equal((18, 3, 0), (statistics.ReasmReqds, statistics.ReasmOKs, statistics.ReasmFails));
        Assert.Equal((3, 18), (statistics.OutFragOKs, statistics.OutFragCreates));
    }

    [SkippableFact]
    public async Task Enet_ping_of_8000_bytes_is_reassembled_by_linux_and_its_fragmented_reply_by_enet()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var (host, ipv4) = await Start(kit, links, ns);
        Assert.Equal(0, (await Ping(ns, "-c", "1", "-W", "5", EnetAddress.Address.ToString())).ExitCode);
        var result = await host.Interfaces["tap0"].Icmp!.Ask<Icmp.PingResult>(
            new Icmp.Ping(OsAddress.Address, Count: 3, Interval: TimeSpan.FromMilliseconds(200), PayloadLength: 8000), TimeSpan.FromSeconds(20));
        output.WriteLine(result.ToString());
        Assert.Equal(3, result.Received);
        var statistics = await ipv4.Ask<Ipv4.Statistics>(Ipv4.GetStatistics.Instance);
        Assert.Equal((3, 18), (statistics.OutFragOKs, statistics.OutFragCreates));
        Assert.Equal((3, 0), (statistics.ReasmOKs, statistics.ReasmFails));
    }

    [SkippableFact]
    public async Task Linux_ping_with_dont_fragment_fits_up_to_the_mtu_and_enet_answers_without_fragmenting()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var (_, ipv4) = await Start(kit, links, ns);
        Assert.Equal(0, (await Ping(ns, "-c", "1", "-W", "5", EnetAddress.Address.ToString())).ExitCode);
        // 1472 + 8 + 20 = 1500: the largest datagram with DF the link carries; Enet's reply is as large and must
        // go out whole.
        var fits = await Ping(ns, "-c", "2", "-W", "2", "-i", "0.2", "-M", "do", "-s", "1472", EnetAddress.Address.ToString());
        Assert.Equal(0, fits.ExitCode);
        Assert.Contains("2 received", fits.Output);
        // One byte more and Linux refuses to send it at all (its own "fragmentation needed", mtu 1500).
        var tooBig = await Ping(ns, "-c", "1", "-W", "2", "-M", "do", "-s", "1473", EnetAddress.Address.ToString());
        Assert.NotEqual(0, tooBig.ExitCode);
        Assert.Contains("mtu=1500", tooBig.Output + tooBig.Error);
        var statistics = await ipv4.Ask<Ipv4.Statistics>(Ipv4.GetStatistics.Instance);
        Assert.Equal((0, 0), (statistics.ReasmReqds, statistics.OutFragReqds));
        Assert.Equal(3, statistics.InDelivers);
    }

    private Task<ExternalProcess.Result> Ping(TestNamespace ns, params string[] arguments) => Run("ip", ["netns", "exec", ns.Name, "ping", .. arguments]);

    /// <summary>Runs a tool on a thread of its own, as <see cref="KernelInteropTests"/> does, so the actors answering
    /// it keep the pool.</summary>
    private Task<ExternalProcess.Result> Run(string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);
}
