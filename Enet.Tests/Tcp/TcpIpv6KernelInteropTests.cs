using System.Security.Cryptography;
using Akka.Actor;
using Enet.Actors.Hosting;
using Enet.Actors.Inet;
using Enet.Actors.Ip;
using Enet.Actors.Udp;
using Enet.Codecs;
using Enet.Tap;
using Enet.TestKit;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Tcp;

using Tcp = Akka.IO.Tcp;

/// <summary>
/// Enet's TCP and UDP over IPv6 against Linux's, laid out as <see cref="TcpKernelInteropTests"/>: a namespace the test
/// makes, a TAP device in it with an IPv6 address on each side, an Enet host on the device, and curl -6 and socat's
/// TCP6/UDP6 addresses on the Linux side. All traffic stays inside the namespace, deleted at the end.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class TcpIpv6KernelInteropTests(ITestOutputHelper output)
{
    private const string Device = "enet-tcp6";
    private const int Megabytes = 10;
    private const ushort LinuxPort = 5006;
    private static readonly MacAddress EnetMac = MacAddress.Parse("02:00:00:aa:bb:d6");
    private static readonly Ipv4Cidr EnetIpv4 = Ipv4Cidr.Parse("10.79.6.2/24");
    private static readonly Ipv4Cidr OsIpv4 = Ipv4Cidr.Parse("10.79.6.1/24");
    private static readonly Ipv6Cidr EnetAddress = Ipv6Cidr.Parse("2001:db8:7::2/64");
    private static readonly Ipv6Cidr OsAddress = Ipv6Cidr.Parse("2001:db8:7::1/64");
    private const string Idle = "15";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Linux_curl_6_gets_the_enet_http_page_over_ipv6()
    {
        RequirePrerequisites();
        TestEnvironment.Require(TestEnvironment.FindTool("curl") is not null, "curl for the HTTP interop test");
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        await StartHost(kit, links, ns, "http");
        for (var i = 0; i < 3; i++)
        {
            var page = await Run("ip", "netns", "exec", ns.Name, "curl", "-6", "-g", "-s", "-S", "-m", "10", "-w", "\n%{http_code} %{remote_ip}",
                $"http://[{EnetAddress.Address}]/");
            Assert.Equal(0, page.ExitCode);
            Assert.Contains("<h1>Enet host h6</h1>", page.Output);
            Assert.EndsWith($"\n200 {EnetAddress.Address}", page.Output.TrimEnd());
        }
    }

    [SkippableFact]
    public async Task Linux_socat_client_gets_back_10_MB_it_sends_to_the_enet_tcp_echo_service_over_ipv6()
    {
        RequirePrerequisites();
        var sent = TempFile("in");
        var echoed = sent + ".echo";
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        try
        {
            File.WriteAllBytes(sent, RandomNumberGenerator.GetBytes(Megabytes << 20));
            await StartHost(kit, links, ns, "tcp-echo");
            var socat = await Run("ip", "netns", "exec", ns.Name, "socat", "-T", Idle, "-t", Idle,
                $"TCP6:[{EnetAddress.Address}]:7,connect-timeout=10", $"OPEN:{sent}!!CREATE:{echoed}");
            Assert.Equal(0, socat.ExitCode);
            Assert.Equal(new FileInfo(sent).Length, new FileInfo(echoed).Length);
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(sent)), SHA256.HashData(File.ReadAllBytes(echoed)));
        }
        finally
        {
            File.Delete(sent);
            File.Delete(echoed);
        }
    }

    [SkippableFact]
    public async Task Enet_client_and_linux_socat_tcp6_server_exchange_10_MB_each_way()
    {
        RequirePrerequisites();
        var fromLinux = TempFile("linux-tx");
        var atLinux = TempFile("linux-rx");
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        try
        {
            var linuxSends = RandomNumberGenerator.GetBytes(Megabytes << 20);
            var enetSends = RandomNumberGenerator.GetBytes(Megabytes << 20);
            File.WriteAllBytes(fromLinux, linuxSends);
            var host = await StartHost(kit, links, ns);
            var server = Run("ip", "netns", "exec", ns.Name, "socat", "-T", Idle, "-t", Idle,
                $"TCP6-LISTEN:{LinuxPort},bind=[{OsAddress.Address}],reuseaddr", $"OPEN:{fromLinux}!!CREATE:{atLinux}");
            await ns.AwaitListening(LinuxPort, TimeSpan.FromSeconds(10));
            var outcome = new TaskCompletionSource<BulkExchange.Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            kit.Sys.ActorOf(BulkExchange.Props(host.Interfaces.Values.Single().Tcp!, OsAddress.Address, LinuxPort, enetSends, outcome));
            var result = await outcome.Task.WaitAsync(ToolTimeout);
            output.WriteLine($"Enet <-> Linux over IPv6: {Megabytes} MB each way in {result.Elapsed.TotalMilliseconds:F0} ms");
            Assert.Null(result.ConnectFailed);
            Assert.IsType<Tcp.ConfirmedClosed>(result.Closed);
            Assert.Equal(SHA256.HashData(linuxSends), result.ReceivedSha256);
            Assert.Equal(0, (await server).ExitCode);
            Assert.Equal(SHA256.HashData(enetSends), SHA256.HashData(File.ReadAllBytes(atLinux)));
        }
        finally
        {
            File.Delete(fromLinux);
            File.Delete(atLinux);
        }
    }

    [SkippableFact]
    public async Task Enet_gen_udp_inet6_socket_and_linux_socat_udp6_exchange_datagrams()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        var host = await StartHost(kit, links, ns, "udp-echo");
        var udp = host.Interfaces.Values.Single().Udp!;
        // udp-echo opens port 7 of each family as it starts: both sockets, before Linux sends.
        for (var i = 0; i < 100 && (await udp.Ask<Udp.Statistics>(Udp.GetStatistics.Instance, ToolTimeout)).Sockets < 2; i++)
            await Task.Delay(50);
        // Linux to Enet's udp-echo (RFC 862) and back.
        var echo = await Run("ip", "netns", "exec", ns.Name, "sh", "-c",
            $"printf 'from linux' | socat -T 5 - UDP6:[{EnetAddress.Address}]:7");
        Assert.True(echo.ExitCode == 0, echo.Error);
        Assert.Equal("from linux", echo.Output);
        // An Enet inet6 socket to a Linux UDP6 echo (socat's PIPE sends each datagram back to its sender).
        var server = Run("ip", "netns", "exec", ns.Name, "socat", "-T", "10", $"UDP6-LISTEN:{LinuxPort},bind=[{OsAddress.Address}]", "PIPE");
        await using var socket = await UdpSocket.OpenAsync(kit.Sys, udp, 0, [InetOption.Family(InetFamily.Inet6)]);
        // socat may not have bound yet: the first datagrams can meet a port unreachable; bounded retries.
        Udp.Received? reply = null;
        for (var attempt = 0; attempt < 50 && reply is null; attempt++)
        {
            await socket.SendAsync(OsAddress.Address, LinuxPort, "from enet"u8.ToArray());
            try
            {
                reply = await socket.ReceiveAsync(TimeSpan.FromMilliseconds(200));
            }
            catch (InetException e) when (e.Reason == Posix.Timeout)
            {
            }
        }
        Assert.NotNull(reply);
        Assert.Equal((new InetAddress(OsAddress.Address), LinuxPort), (reply.Address, reply.Port));
        Assert.Equal("from enet"u8.ToArray(), reply.Data.Span.ToArray());
        await server;
    }

    private static void RequirePrerequisites()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.Require(TestEnvironment.FindTool("socat") is not null, "socat for the TCP interop tests");
    }

    /// <summary>An Enet host with both families; its IPv6 address skips duplicate address detection, and the test waits
    /// for Linux's to leave it (RFC 4862 5.4: a tentative address is no source).</summary>
    private static async Task<RunningHost> StartHost(EnetTestKit kit, LinkFactory links, TestNamespace ns, params string[] services)
    {
        var iface = new InterfaceSettings("tap0", "tap", EnetMac)
        {
            Device = Device, Namespace = ns.Name, Ipv4 = [EnetIpv4], OsIpv4 = OsIpv4, Ipv6 = [EnetAddress], OsIpv6 = OsAddress,
        };
        var settings = new HostSettings("h6", [iface]) { Services = ["arp", "icmp", .. services] };
        settings = settings with { Ipv6 = settings.Ipv6 with { Ndp = settings.Ipv6.Ndp with { DupAddrDetectTransmits = 0 } } };
        var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
        for (var i = 0; i < 150 && ns.IpHere("-6", "addr", "show", "dev", Device).Contains("tentative"); i++)
            await Task.Delay(100);
        Assert.DoesNotContain("tentative", ns.IpHere("-6", "addr", "show", "dev", Device));
        return host;
    }

    private static string TempFile(string what) => Path.Combine(Path.GetTempPath(), $"enet-tcp6-{what}-{Guid.NewGuid():N}");

    private Task<ExternalProcess.Result> Run(string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);
}
