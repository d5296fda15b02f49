using Enet.TestKit;
using System.Diagnostics;
using System.Security.Cryptography;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Enet.Tap;
using Enet.Tests.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Tcp;

using Tcp = Akka.IO.Tcp;

/// <summary>
/// Enet's TCP against Linux's: a namespace the test makes, a TAP device in it with IPv4 and IPv6 addresses on both
/// sides, an Enet host on the device, and Linux's socat (TCP and TCP6) and curl on the other side, as client and as
/// server. 10 MB each way, checked by SHA-256. All traffic stays inside the namespace, which is deleted at the end with
/// whatever still runs in it.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class TcpKernelInteropTests(ITestOutputHelper output)
{
    private const string Device = "enet-tcp0";
    private const int Megabytes = 10;
    private const ushort LinuxPort = 5001;
    private static readonly MacAddress EnetMac = MacAddress.Parse("02:00:00:aa:bb:dd");
    private static readonly Ipv4Cidr EnetAddress = Ipv4Cidr.Parse("10.79.0.2/24");
    private static readonly Ipv4Cidr OsAddress = Ipv4Cidr.Parse("10.79.0.1/24");
    private static readonly Ipv6Cidr EnetIpv6 = Ipv6Cidr.Parse("2001:db8:7::2/64");
    private static readonly Ipv6Cidr OsIpv6 = Ipv6Cidr.Parse("2001:db8:7::1/64");

    /// <summary>socat's -T (idle) and -t (after one side's EOF) bound a stalled transfer; the process limit bounds the rest
    /// (generous: without offloads the 10 MB echo took 3.7 s here and 28 s once in CI).</summary>
    private const string Idle = "15";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(90);

    /// <param name="offload">With TAP offloads the kernel hands over 64 kB TCP super-frames (and they must arrive
    /// intact); without, every frame is one MSS.</param>
    /// <param name="ipv6">Over IPv6 (socat's TCP6 to the echo service's dual-stack listener).</param>
    [SkippableTheory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Linux_socat_client_gets_back_10_MB_it_sends_to_the_enet_tcp_echo_service(bool offload, bool ipv6)
    {
        RequirePrerequisites();
        var sent = TempFile("in");
        var echoed = sent + ".echo";
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        ILink? tap = null;
        using var links = new LinkFactory { Wrap = (_, link) => tap = link };
        try
        {
            File.WriteAllBytes(sent, RandomNumberGenerator.GetBytes(Megabytes << 20));
            await StartHost(kit, links, ns, offload, "tcp-echo");
            // socat sends the file, half-closes after it (RFC 9293 3.6), and writes what comes back until the echo
            // service, having sent back all it got, closes too. The dual address reads from the file, writes to the copy.
            var clock = Stopwatch.StartNew();
            var socat = await Run("ip", "netns", "exec", ns.Name, "socat", "-T", Idle, "-t", Idle,
                ipv6 ? $"TCP6:[{EnetIpv6.Address}]:7,connect-timeout=10" : $"TCP:{EnetAddress.Address}:7,connect-timeout=10",
                $"OPEN:{sent}!!CREATE:{echoed}");
            Report("Linux -> Enet echo -> Linux", clock.Elapsed);
            Assert.Equal(0, socat.ExitCode);
            Assert.Equal(new FileInfo(sent).Length, new FileInfo(echoed).Length);
            Assert.Equal(SHA256.HashData(File.ReadAllBytes(sent)), SHA256.HashData(File.ReadAllBytes(echoed)));
            output.WriteLine($"link: {tap!.Counters}");
            Assert.Equal(offload, tap.Counters.SuperFramesReceived > 0);
        }
        finally
        {
            File.Delete(sent);
            File.Delete(echoed);
        }
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Enet_client_and_linux_socat_server_exchange_10_MB_each_way(bool ipv6)
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
            // The server sends its file and half-closes, and keeps writing what it receives until Enet's FIN.
            var server = Run("ip", "netns", "exec", ns.Name, "socat", "-T", Idle, "-t", Idle,
                ipv6 ? $"TCP6-LISTEN:{LinuxPort},bind=[{OsIpv6.Address}],reuseaddr" : $"TCP-LISTEN:{LinuxPort},bind={OsAddress.Address},reuseaddr",
                $"OPEN:{fromLinux}!!CREATE:{atLinux}");
            await ns.AwaitListening(LinuxPort, TimeSpan.FromSeconds(10));
            var outcome = new TaskCompletionSource<BulkExchange.Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            kit.Sys.ActorOf(BulkExchange.Props(host.Interfaces.Values.Single().Tcp!,
                ipv6 ? OsIpv6.Address : OsAddress.Address, LinuxPort, enetSends, outcome));
            var result = await outcome.Task.WaitAsync(ToolTimeout);
            Report("Enet <-> Linux server, both ways at once", result.Elapsed);
            Assert.Null(result.ConnectFailed);
            // Linux answers the SYN's timestamps and SACK-permitted (its tcp_timestamps and tcp_sack defaults): the
            // exchange ran with both, PAWS included.
            Assert.True(result.Negotiated is { Timestamps: true, Sack: true }, $"negotiated {result.Negotiated}");
            Assert.IsType<Tcp.ConfirmedClosed>(result.Closed);
            Assert.Equal(linuxSends.Length, result.Received);
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

    /// <param name="ipv6">curl -6 to the IPv6 address (the http service's listener is dual-stack).</param>
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Linux_curl_gets_the_enet_http_page_on_fresh_connections_and_on_one_kept_alive(bool ipv6)
    {
        RequirePrerequisites();
        TestEnvironment.Require(TestEnvironment.FindTool("curl") is not null, "curl for the HTTP interop test");
        using var ns = TestNamespace.Create();
        using var kit = new EnetTestKit();
        using var links = new LinkFactory();
        await StartHost(kit, links, ns, "http");
        var url = ipv6 ? $"http://[{EnetIpv6.Address}]/" : $"http://{EnetAddress.Address}/";
        var family = ipv6 ? "-6" : "-4";
        // curl sends its request right behind the handshake's ACK: each of these once hung when that request reached
        // the listen socket before the accepting one.
        for (var i = 0; i < 5; i++)
        {
            var fresh = await Run("ip", "netns", "exec", ns.Name, "curl", family, "-g", "-s", "-S", "-m", "10", "-w", "\n%{http_code}", url);
            Assert.Equal(0, fresh.ExitCode);
            Assert.Contains("<h1>Enet host h1</h1>", fresh.Output);
            Assert.EndsWith("\n200", fresh.Output.TrimEnd());
        }
        // Three requests on one connection (RFC 9112 9.3 persistence): curl reuses it and says so.
        var kept = await Run("ip", "netns", "exec", ns.Name, "curl", family, "-g", "-s", "-S", "-v", "-m", "10", "-o", "/dev/null", url, "-o", "/dev/null", url,
            "-o", "/dev/null", url);
        Assert.Equal(0, kept.ExitCode);
        Assert.Equal(3, kept.Error.Split('\n').Count(l => l.StartsWith("< HTTP/1.1 200", StringComparison.Ordinal)));
        Assert.Contains("Re-using existing connection", kept.Error);
    }

    private static void RequirePrerequisites()
    {
        TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);
        TestEnvironment.Require(TestEnvironment.FindTool("socat") is not null, "socat for the TCP interop tests");
    }

    private static Task<RunningHost> StartHost(EnetTestKit kit, LinkFactory links, TestNamespace ns, params string[] services) =>
        StartHost(kit, links, ns, offload: true, services);

    private static async Task<RunningHost> StartHost(EnetTestKit kit, LinkFactory links, TestNamespace ns, bool offload, params string[] services)
    {
        var iface = new InterfaceSettings("tap0", "tap", EnetMac)
        {
            Device = Device, Namespace = ns.Name, Ipv4 = [EnetAddress], OsIpv4 = OsAddress, Ipv6 = [EnetIpv6], OsIpv6 = OsIpv6,
            Offload = offload,
        };
        var settings = new HostSettings("h1", [iface]) { Services = ["arp", "icmp", .. services] };
        // Enet's IPv6 address skips duplicate address detection; Linux's must leave it before it is a source (RFC
        // 4862 5.4: a tentative address is not used).
        settings = settings with { Ipv6 = settings.Ipv6 with { Ndp = settings.Ipv6.Ndp with { DupAddrDetectTransmits = 0 } } };
        var host = await HostStarter.StartAsync(kit.Sys, settings, s => links.InterfaceProps(s, settings.SubscriberQueue));
        await ns.AwaitIpv6Usable(Device, TimeSpan.FromSeconds(15));
        return host;
    }

    private static string TempFile(string what) => Path.Combine(Path.GetTempPath(), $"enet-tcp-{what}-{Guid.NewGuid():N}");

    /// <summary>Both directions carry <see cref="Megabytes"/> each.</summary>
    private void Report(string what, TimeSpan elapsed) =>
        output.WriteLine($"{what}: {Megabytes} MB each way in {elapsed.TotalMilliseconds:F0} ms, {Megabytes / elapsed.TotalSeconds:F1} MB/s per direction");

    private Task<ExternalProcess.Result> Run(string program, params string[] arguments) =>
        ExternalProcess.RunLoggedAsync(output, program, arguments, ToolTimeout);
}
