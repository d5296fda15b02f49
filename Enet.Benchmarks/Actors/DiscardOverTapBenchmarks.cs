using System.Net;
using BenchmarkDotNet.Attributes;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// Issue "The data path"'s figure: Linux pushes 256 MB into Enet's discard service (RFC 863, TCP port 9) over a TAP
/// device, beside the same push into a Linux discard server over a veth pair, in one run (Ratio: the veth time over
/// ours is the share of veth, goal at least 0.8). Each invocation is one whole connection, handshake to the server's FIN
/// after the client's, sent from the client namespace in 64 kB writes. MTU 1500 on both, with the kernel's offloads
/// (the TAP's as <see cref="TapDeviceOptions.Offload"/>). Needs root; makes and deletes two namespaces.
/// </summary>
[MemoryDiagnoser]
public class DiscardOverTapBenchmarks
{
    private const long Bytes = 256L << 20;
    private const int Port = 9;
    private static readonly Ipv4Cidr TapOs = Ipv4Cidr.Parse("10.82.0.1/24");
    private static readonly Ipv4Cidr TapEnet = Ipv4Cidr.Parse("10.82.0.2/24");
    private static readonly Ipv4Cidr VethClient = Ipv4Cidr.Parse("10.83.0.1/24");
    private static readonly Ipv4Cidr VethServer = Ipv4Cidr.Parse("10.83.0.2/24");

    private readonly string suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly byte[] chunk = new byte[64 * 1024];
    private string clientNs = null!, serverNs = null!;
    private NetworkNamespace client = null!;
    private ActorSystem system = null!;
    private LinkFactory links = null!;
    private KernelDiscard linux = null!;

    [GlobalSetup]
    public void Setup()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("DiscardOverTapBenchmarks needs root to make network namespaces, a TAP device and a veth pair");
        Random.Shared.NextBytes(chunk);
        clientNs = $"enet-disc-c-{suffix}";
        serverNs = $"enet-disc-s-{suffix}";
        Tool.Run("ip", "netns", "add", clientNs);
        Tool.Run("ip", "netns", "add", serverNs);
        Tool.Run("ip", "link", "add", "vd0", "netns", clientNs, "type", "veth", "peer", "name", "vd1", "netns", serverNs);
        Tool.Run("ip", "-n", clientNs, "addr", "add", VethClient.ToString(), "dev", "vd0");
        Tool.Run("ip", "-n", serverNs, "addr", "add", VethServer.ToString(), "dev", "vd1");
        Tool.Run("ip", "-n", clientNs, "link", "set", "vd0", "up");
        Tool.Run("ip", "-n", serverNs, "link", "set", "vd1", "up");
        client = new NetworkNamespace(clientNs);
        linux = new KernelDiscard(new IPEndPoint(IPAddress.Parse(VethServer.Address.ToString()), Port), new NetworkNamespace(serverNs));

        system = BenchmarkSystem.Create("bench");
        links = new LinkFactory();
        var iface = new InterfaceSettings("tap0", "tap", MacAddress.Parse("02:00:00:00:00:0f"))
        {
            Device = "enet-disc0", Namespace = clientNs, Ipv4 = [TapEnet], OsIpv4 = TapOs,
        };
        var settings = new HostSettings("enet", [iface]) { Services = ["arp", "icmp", "discard"] };
        HostStarter.StartAsync(system, settings, s => links.InterfaceProps(s, settings.SubscriberQueue)).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        linux.Dispose();
        system.Terminate().Wait();
        links.Dispose();
        Tool.Run("ip", "netns", "del", clientNs);
        Tool.Run("ip", "netns", "del", serverNs);
    }

    /// <summary>The Enet push <paramref name="pushes"/> times in a plain process (for dotnet-trace), with each one's
    /// rate and the veth push's beside it.</summary>
    public static void RunForProfiler(int pushes)
    {
        var benchmark = new DiscardOverTapBenchmarks();
        benchmark.Setup();
        try
        {
            for (var i = 0; i < pushes; i++)
            {
                var enet = System.Diagnostics.Stopwatch.StartNew();
                benchmark.Enet_discard_over_tap();
                enet.Stop();
                var linux = System.Diagnostics.Stopwatch.StartNew();
                benchmark.Linux_discard_over_veth();
                linux.Stop();
                Console.WriteLine($"enet {Bytes / enet.Elapsed.TotalSeconds / 1e6:F0} MB/s, linux {Bytes / linux.Elapsed.TotalSeconds / 1e6:F0} MB/s, " +
                    $"share {linux.Elapsed / enet.Elapsed:F2}");
            }
        }
        finally
        {
            benchmark.Cleanup();
        }
    }

    [Benchmark(Baseline = true)]
    public void Linux_discard_over_veth() =>
        KernelDiscard.Push(client, new IPEndPoint(IPAddress.Parse(VethServer.Address.ToString()), Port), chunk, Bytes);

    [Benchmark]
    public void Enet_discard_over_tap() =>
        KernelDiscard.Push(client, new IPEndPoint(IPAddress.Parse(TapEnet.Address.ToString()), Port), chunk, Bytes);
}
