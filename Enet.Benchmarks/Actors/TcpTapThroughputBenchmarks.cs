using Akka.IO;
using Enet.Actors;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Actors.Tcp;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// TCP throughput from Linux to Enet over a TAP device beside Linux to Linux over a veth pair and over loopback, in the
/// same run (the goal: TAP at least 50% of veth; the Ratio column is that share, inverted). Set-up makes two throw-away
/// namespaces: the client's holds the TAP device (Enet's host behind it) and one end of the veth pair, the server's
/// the other end. The Linux sockets are opened inside the namespaces (a socket stays in the namespace it was made
/// in), so both paths are timed in this process: per invocation <see cref="Bytes"/> go down an open connection in
/// 64 kB sends and the time ends when the receiver has counted them. MB/s = Bytes / mean. MTU 1500 on the TAP and the
/// veth, both with the kernel's offloads (the TAP's as <see cref="TapDeviceOptions.Offload"/>), 64 kB on loopback.
/// Needs root.
/// </summary>
[MemoryDiagnoser]
public class TcpTapThroughputBenchmarks
{
    private const int Bytes = 16 << 20;
    private const int Chunk = 64 * 1024;
    private const ushort Port = 5001;
    private static readonly Ipv4Cidr TapOs = Ipv4Cidr.Parse("10.80.0.1/24");
    private static readonly Ipv4Cidr TapEnet = Ipv4Cidr.Parse("10.80.0.2/24");
    private static readonly Ipv4Cidr VethClient = Ipv4Cidr.Parse("10.81.0.1/24");
    private static readonly Ipv4Cidr VethServer = Ipv4Cidr.Parse("10.81.0.2/24");

    private readonly string suffix = Guid.NewGuid().ToString("N")[..8];
    private readonly byte[] chunk = new byte[Chunk];
    private string clientNs = null!, serverNs = null!;
    private ActorSystem system = null!;
    private LinkFactory links = null!;
    private Socket toEnet = null!;
    private KernelTcpPair veth = null!, loopback = null!;
    private readonly TcpByteSink.Counter enet = new();

    [GlobalSetup]
    public void Setup()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("TcpTapThroughputBenchmarks needs root to make network namespaces, a TAP device and a veth pair");
        Random.Shared.NextBytes(chunk);
        clientNs = $"enet-bench-c-{suffix}";
        serverNs = $"enet-bench-s-{suffix}";
        Tool.Run("ip", "netns", "add", clientNs);
        Tool.Run("ip", "netns", "add", serverNs);
        Tool.Run("ip", "link", "add", "vb0", "netns", clientNs, "type", "veth", "peer", "name", "vb1", "netns", serverNs);
        Tool.Run("ip", "-n", clientNs, "addr", "add", VethClient.ToString(), "dev", "vb0");
        Tool.Run("ip", "-n", serverNs, "addr", "add", VethServer.ToString(), "dev", "vb1");
        Tool.Run("ip", "-n", clientNs, "link", "set", "vb0", "up");
        Tool.Run("ip", "-n", serverNs, "link", "set", "vb1", "up");
        Tool.Run("ip", "-n", serverNs, "link", "set", "lo", "up");

        system = BenchmarkSystem.Create("bench");
        links = new LinkFactory();
        var iface = new InterfaceSettings("tap0", "tap", MacAddress.Parse("02:00:00:00:00:0e"))
        {
            Device = "enet-tap0", Namespace = clientNs, Ipv4 = [TapEnet], OsIpv4 = TapOs,
        };
        var settings = new HostSettings("enet", [iface]) { Services = ["arp", "icmp"] };
        var host = HostStarter.StartAsync(system, settings, s => links.InterfaceProps(s, settings.SubscriberQueue)).GetAwaiter().GetResult();
        var sink = system.ActorOf(ActorProps.Create(() => new TcpByteSink(enet)), "sink");
        sink.Ask<Tcp.Bound>(new TcpByteSink.BindOn(host.Interfaces.Values.Single().Tcp!, Port), TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

        var client = new NetworkNamespace(clientNs);
        toEnet = client.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        toEnet.Connect(new IPEndPoint(IPAddress.Parse(TapEnet.Address.ToString()), Port));

        veth = new KernelTcpPair(new IPEndPoint(IPAddress.Parse(VethServer.Address.ToString()), Port), new NetworkNamespace(serverNs), client);
        loopback = new KernelTcpPair(new IPEndPoint(IPAddress.Loopback, Port), new NetworkNamespace(serverNs), new NetworkNamespace(serverNs));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        toEnet.Dispose();
        veth.Dispose();
        loopback.Dispose();
        system.Terminate().Wait();
        links.Dispose();
        Tool.Run("ip", "netns", "del", clientNs);
        Tool.Run("ip", "netns", "del", serverNs);
    }

    [Benchmark(Baseline = true)]
    public void Linux_to_linux_over_veth() => KernelTcpPair.Send(veth.Client, chunk, Bytes, () => veth.Received);

    [Benchmark]
    public void Linux_to_linux_over_loopback() => KernelTcpPair.Send(loopback.Client, chunk, Bytes, () => loopback.Received);

    [Benchmark]
    public void Linux_to_enet_over_tap() => KernelTcpPair.Send(toEnet, chunk, Bytes, () => Interlocked.Read(ref enet.Bytes));
}
