using Enet.TestKit;
using System.Text.RegularExpressions;
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
/// Enet's IPv6 against the Linux kernel, set up as <see cref="KernelInteropTests"/> does for IPv4: a network
/// namespace the test makes, a TAP device in it whose OS side gets os-ipv6, and Linux's ping -6 aimed at Enet's
/// global and link-local addresses, with and without fragmentation. The namespace is deleted at the end.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed partial class Ipv6KernelInteropTests(ITestOutputHelper output)
{
    private const string Device = "enet-it6";
    private static readonly MacAddress EnetMac = MacAddress.Parse("02:00:00:aa:bb:cc");
    private static readonly Ipv6Cidr EnetAddress = Ipv6Cidr.Parse("2001:db8:5::2/64");
    private static readonly Ipv6Cidr OsAddress = Ipv6Cidr.Parse("2001:db8:5::1/64");
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private static void RequirePrerequisites()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.Require(TestEnvironment.FindTool("ping") is not null, "ping (iputils-ping) for the kernel interop test");
    }

    [SkippableFact]
    public async Task Linux_ping6_reaches_enet_on_its_global_and_link_local_addresses_and_learns_its_mac()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var iface = new InterfaceSettings("tap0", "tap", EnetMac)
        {
            Device = Device,
            Namespace = ns.Name,
            Ipv6 = [EnetAddress],
            OsIpv6 = OsAddress,
        };
        var settings = new HostSettings("h6", [iface]) { Services = ["arp", "icmp"] };
        var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
        var ipv6 = host.Interfaces["tap0"].Ipv6!;

        // Both sides run DAD first (about a second each): Enet's addresses must be preferred and Linux's no
        // longer tentative before a ping can have a source and an answer.
        await Eventually(async () => (await ipv6.Ask<Ipv6.Addresses>(Ipv6.GetAddresses.Instance)).All.All(a => a.State == Ipv6AddressState.Preferred));
        await Eventually(() => Task.FromResult(!ns.IpHere("-6", "addr", "show", "dev", Device).Contains("tentative")));

        // The OS side formed its link-local address from its MAC the way Enet does (RFC 4291 2.5.1).
        var link = ns.IpHere("link", "show", "dev", Device);
        var osMac = MacAddress.Parse(MacPattern().Match(link).Groups[1].Value);
        Assert.Contains($"inet6 {InterfaceIdentifier.LinkLocal(osMac)}/64", ns.IpHere("-6", "addr", "show", "dev", Device));

        var warmUp = await Run("ip", "netns", "exec", ns.Name, "ping", "-6", "-c", "1", "-W", "5", EnetAddress.Address.ToString());
        Assert.Equal(0, warmUp.ExitCode);
        var global = await Run("ip", "netns", "exec", ns.Name, "ping", "-6", "-c", "3", "-W", "2", "-i", "0.2", EnetAddress.Address.ToString());
        Assert.Equal(0, global.ExitCode);
        Assert.Contains("3 packets transmitted, 3 received, 0% packet loss", global.Output);

        var linkLocal = InterfaceIdentifier.LinkLocal(EnetMac);
        var scoped = await Run("ip", "netns", "exec", ns.Name, "ping", "-6", "-c", "3", "-W", "2", "-i", "0.2", $"{linkLocal}%{Device}");
        Assert.Equal(0, scoped.ExitCode);
        Assert.Contains("3 packets transmitted, 3 received, 0% packet loss", scoped.Output);

        var neighbours = ns.IpHere("-6", "neigh", "show", "dev", Device);
        output.WriteLine(neighbours);
        Assert.Contains($"{EnetAddress.Address} lladdr {EnetMac}", neighbours);
        Assert.Contains($"{linkLocal} lladdr {EnetMac}", neighbours);

        // 3000 bytes of data: Linux sends the request in fragments, Enet reassembles it and fragments its reply.
        var fragmented = await Run("ip", "netns", "exec", ns.Name, "ping", "-6", "-c", "2", "-W", "2", "-i", "0.2", "-s", "3000", EnetAddress.Address.ToString());
        Assert.Equal(0, fragmented.ExitCode);
        Assert.Contains("2 packets transmitted, 2 received, 0% packet loss", fragmented.Output);
        Assert.Contains("3008 bytes from", fragmented.Output);

        var statistics = await ipv6.Ask<Ipv6.Statistics>(Ipv6.GetStatistics.Instance);
        output.WriteLine(statistics.ToString());
        Assert.True(statistics.ReasmOKs >= 2 && statistics.OutFragOKs >= 2);
        var table = await ipv6.Ask<Ipv6.Neighbors>(Ipv6.GetNeighbors.Instance);
        Assert.Contains(table.Entries, n => n.Address == OsAddress.Address && n.Mac == osMac);
    }

    [GeneratedRegex("link/ether ([0-9a-f:]{17})")]
    private static partial Regex MacPattern();

    /// <summary>Polls <paramref name="condition"/> every 100 ms for up to 15 s.</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 150; attempt++)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        Assert.Fail("condition did not hold within 15 s");
    }

    /// <summary>Runs a tool on a thread of its own, so the seconds ping takes do not starve the actors answering it.</summary>
    private Task<ExternalProcess.Result> Run(string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);
}
