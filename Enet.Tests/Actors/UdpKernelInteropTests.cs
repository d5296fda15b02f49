using Enet.TestKit;
using System.Text;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Actors.Udp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Actors;


/// <summary>
/// Enet's UDP against the Linux kernel's, set up as the kernel ping test is: a network namespace of the test's
/// own with a TAP device, an Enet host with udp-echo on it, socat and nc on the Linux side, over IPv4 and IPv6. All traffic stays in the
/// namespace, which is deleted at the end.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class UdpKernelInteropTests(ITestOutputHelper output)
{
    private const string Device = "enet-ut0";
    private static readonly MacAddress EnetMac = MacAddress.Parse("02:00:00:aa:bb:cd");
    private static readonly Ipv4Cidr EnetAddress = Ipv4Cidr.Parse("10.77.1.2/24");
    private static readonly Ipv4Cidr OsAddress = Ipv4Cidr.Parse("10.77.1.1/24");
    private static readonly Ipv6Cidr EnetIpv6 = Ipv6Cidr.Parse("2001:db8:8::2/64");
    private static readonly Ipv6Cidr OsIpv6 = Ipv6Cidr.Parse("2001:db8:8::1/64");
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private static void RequirePrerequisites()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.Require(TestEnvironment.FindTool("socat") is not null, "socat for the UDP interop test");
        TestEnvironment.Require(TestEnvironment.FindTool("nc") is not null, "nc (netcat-openbsd) for the UDP interop test");
        TestEnvironment.Require(TestEnvironment.FindTool("ping") is not null, "ping (iputils-ping) for the UDP interop test");
    }

    [SkippableFact]
    public async Task Linux_and_an_enet_udp_socket_exchange_datagrams_and_linux_sees_echo_and_connection_refused()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var iface = new InterfaceSettings("tap0", "tap", EnetMac) { Device = Device, Namespace = ns.Name, Ipv4 = [EnetAddress], OsIpv4 = OsAddress };
        var settings = new HostSettings("h1", [iface]) { Services = ["arp", "icmp", "udp-echo"] };
        var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
        var udp = host.Interfaces["tap0"].Udp!;
        var enet = EnetAddress.Address.ToString();

        // Pays for JIT and ARP on both sides before anything is timed.
        Assert.Equal(0, (await Run("ip", "netns", "exec", ns.Name, "ping", "-c", "1", "-W", "5", enet)).ExitCode);

        // Linux -> Enet: a datagram from socat arrives at the owner with Linux's address.
        udp.Tell(new Udp.Open(5000), kit.TestActor);
        var server = kit.ExpectMsg<Udp.Opened>();
        var send = await Run("ip", "netns", "exec", ns.Name, "sh", "-c", $"printf 'hello from linux' | socat -u - UDP4-SENDTO:{enet}:5000");
        Assert.Equal(0, send.ExitCode);
        var datagram = kit.ExpectMsg<Udp.Datagram>(TimeSpan.FromSeconds(10));
        Assert.Equal("hello from linux", Encoding.ASCII.GetString(datagram.Data.Span));
        Assert.Equal((InetAddress)OsAddress.Address, datagram.Address);
        var nc = await Run("ip", "netns", "exec", ns.Name, "sh", "-c", $"printf 'hello from nc' | nc -u -w 1 {enet} 5000");
        Assert.Equal(0, nc.ExitCode);
        Assert.Equal("hello from nc", Encoding.ASCII.GetString(kit.ExpectMsg<Udp.Datagram>(TimeSpan.FromSeconds(10)).Data.Span));

        // Enet -> Linux: socat prints the first datagram to port 6000; Enet repeats it (a bounded number of times)
        // until socat, which may still be binding, has it.
        var receive = Run("ip", "netns", "exec", ns.Name, "timeout", "20", "socat", "-u", "UDP4-RECVFROM:6000", "STDOUT");
        for (var i = 0; i < 100 && !receive.IsCompleted; i++)
        {
            server.Socket.Tell(new Udp.Send(OsAddress.Address, 6000, "hello from enet"u8.ToArray()), ActorRefs.NoSender);
            await Task.WhenAny(receive, Task.Delay(100));
        }
        var received = await receive;
        Assert.Equal(0, received.ExitCode);
        Assert.Equal("hello from enet", received.Output);

        // Linux -> Enet udp-echo (RFC 862): the data comes back.
        var echo = await Run("ip", "netns", "exec", ns.Name, "sh", "-c", $"printf 'echo me' | socat -t 5 - UDP4:{enet}:7");
        Assert.Equal(0, echo.ExitCode);
        Assert.Equal("echo me", echo.Output);

        // A closed Enet port: the ICMP port unreachable makes Linux's connected UDP socket fail with ECONNREFUSED.
        var refused = await Run("ip", "netns", "exec", ns.Name, "sh", "-c", $"printf 'anyone?' | socat -t 5 - UDP4:{enet}:9");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Connection refused", refused.Error);
        var statistics = await udp.Ask<Udp.Statistics>(Udp.GetStatistics.Instance);
        Assert.True(statistics.PortUnreachables >= 1, statistics.ToString());
    }

    [SkippableFact]
    public async Task Linux_socat_udp6_reaches_enet_udp_echo_and_an_enet_inet6_socket_hears_a_linux_udp6_echo()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var iface = new InterfaceSettings("tap0", "tap", EnetMac)
        {
            Device = Device, Namespace = ns.Name, Ipv4 = [EnetAddress], OsIpv4 = OsAddress, Ipv6 = [EnetIpv6], OsIpv6 = OsIpv6,
        };
        var settings = new HostSettings("h1", [iface]) { Services = ["arp", "icmp", "udp-echo"] };
        settings = settings with { Ipv6 = settings.Ipv6 with { Ndp = settings.Ipv6.Ndp with { DupAddrDetectTransmits = 0 } } };
        var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
        var udp = host.Interfaces["tap0"].Udp!;
        await ns.AwaitIpv6Usable(Device, TimeSpan.FromSeconds(15));
        // udp-echo opens port 7 of each family as it starts: both sockets, before Linux sends.
        for (var i = 0; i < 100 && (await udp.Ask<Udp.Statistics>(Udp.GetStatistics.Instance, ToolTimeout)).Sockets < 2; i++)
            await Task.Delay(50);

        // Linux -> Enet udp-echo over IPv6 (RFC 862): the data comes back.
        var echo = await Run("ip", "netns", "exec", ns.Name, "sh", "-c", $"printf 'echo me' | socat -t 5 - UDP6:[{EnetIpv6.Address}]:7");
        Assert.True(echo.ExitCode == 0, echo.Error);
        Assert.Equal("echo me", echo.Output);

        // Enet inet6 socket -> Linux: socat's PIPE sends each datagram back to its sender; Enet repeats its datagram (a
        // bounded number of times) while socat may still be binding.
        var server = Run("ip", "netns", "exec", ns.Name, "timeout", "20", "socat", $"UDP6-LISTEN:6000,bind=[{OsIpv6.Address}]", "PIPE");
        await using var socket = await UdpSocket.OpenAsync(kit.Sys, udp, 0, [InetOption.Family(InetFamily.Inet6)]);
        Udp.Received? reply = null;
        for (var attempt = 0; attempt < 50 && reply is null; attempt++)
        {
            await socket.SendAsync(OsIpv6.Address, 6000, "hello from enet"u8.ToArray());
            try
            {
                reply = await socket.ReceiveAsync(TimeSpan.FromMilliseconds(200));
            }
            catch (InetException e) when (e.Reason == Posix.Timeout)
            {
            }
        }
        Assert.NotNull(reply);
        Assert.Equal(((InetAddress)OsIpv6.Address, (ushort)6000), (reply.Address, reply.Port));
        Assert.Equal("hello from enet", Encoding.ASCII.GetString(reply.Data.Span));
        await server;
    }

    private Task<ExternalProcess.Result> Run(string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);
}
