using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Enet.Actors.Hosting;
using Enet.Actors.Ip;
using Enet.Codecs;
using Akka.Actor;
using Enet.Tap;

namespace Enet.Benchmarks.Actors;

/// <summary>
/// One ICMP echo round trip from the Linux kernel: to an Enet host over a TAP device (with the writer thread
/// batching, with inline writes, and batching with the reader busy polling for 50 us), against Linux to Linux over a
/// veth pair, in the same run. Each target
/// sits in a throw-away namespace (`ip netns add`) with the pinging raw socket opened inside it, so the
/// traffic never leaves them; everything is deleted after. Needs root.
/// </summary>
public class PingRoundTripBenchmarks
{
    private readonly string id = Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> namespaces = [];
    private readonly byte[] request = new byte[64];
    private readonly byte[] reply = new byte[1500];
    private ActorSystem system = null!;
    private Socket toEnetBatched = null!;
    private Socket toEnetInline = null!;
    private Socket toEnetBusyPolling = null!;
    private Socket toLinux = null!;
    private ushort sequence;

    [GlobalSetup]
    public void Setup()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("PingRoundTripBenchmarks needs root to make network namespaces and TAP devices");
        system = BenchmarkSystem.Create("ping-bench");
        toEnetBatched = EnetTarget("b", batch: true);
        toEnetInline = EnetTarget("i", batch: false);
        toEnetBusyPolling = EnetTarget("p", batch: true, busyPoll: TimeSpan.FromMicroseconds(50));
        var left = Namespace("vl");
        var right = Namespace("vr");
        Tool.Run("ip", "-n", left, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1", "netns", right);
        Tool.Run("ip", "-n", left, "addr", "add", "10.88.0.1/24", "dev", "veth0");
        Tool.Run("ip", "-n", right, "addr", "add", "10.88.0.2/24", "dev", "veth1");
        Tool.Run("ip", "-n", left, "link", "set", "veth0", "up");
        Tool.Run("ip", "-n", right, "link", "set", "veth1", "up");
        toLinux = RawIcmp(left, "10.88.0.2");
        request[0] = 8; // echo request (RFC 792)
        foreach (var socket in new[] { toEnetBatched, toEnetInline, toEnetBusyPolling, toLinux })
            for (var i = 0; i < 5; i++)
                Echo(socket); // ARP, JIT and the first timers out of the measurement
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        toEnetBatched.Dispose();
        toEnetInline.Dispose();
        toEnetBusyPolling.Dispose();
        toLinux.Dispose();
        system.Terminate().Wait();
        foreach (var name in namespaces)
            Tool.Run("ip", "netns", "del", name);
    }

    [Benchmark(Baseline = true)]
    public void Linux_to_linux_over_veth() => Echo(toLinux);

    [Benchmark]
    public void Linux_to_enet_over_tap_batched_writes() => Echo(toEnetBatched);

    [Benchmark]
    public void Linux_to_enet_over_tap_inline_writes() => Echo(toEnetInline);

    [Benchmark]
    public void Linux_to_enet_over_tap_busy_polling() => Echo(toEnetBusyPolling);

    private Socket EnetTarget(string suffix, bool batch, TimeSpan busyPoll = default)
    {
        var ns = Namespace(suffix);
        var device = $"enet-b{suffix}";
        var iface = new InterfaceSettings("tap0", "tap", MacAddress.Parse("02:00:00:aa:bb:cc"))
        {
            Device = device,
            Namespace = ns,
            Ipv4 = [Ipv4Cidr.Parse("10.87.0.2/24")],
            OsIpv4 = Ipv4Cidr.Parse("10.87.0.1/24"),
        };
        var settings = new HostSettings($"bench-{suffix}", [iface]) { Services = ["arp", "icmp"] };
        HostStarter.StartAsync(system, settings, s => LinkReader.InterfaceProps(TapDevice.Open(new TapDeviceOptions
        {
            Name = device,
            Namespace = ns,
            OsIpv4Address = s.OsIpv4!.Value.Address,
            OsIpv4PrefixLength = s.OsIpv4.Value.PrefixLength,
            BatchWrites = batch,
            BusyPoll = busyPoll,
        }), s.ToEthInterfaceSettings(settings.SubscriberQueue))).GetAwaiter().GetResult();
        return RawIcmp(ns, "10.87.0.2");
    }

    private string Namespace(string suffix)
    {
        var name = $"enet-bench-{id}-{suffix}";
        Tool.Run("ip", "netns", "add", name);
        namespaces.Add(name);
        return name;
    }

    /// <summary>A raw ICMP socket made inside <paramref name="ns"/>, which it keeps after the thread leaves, connected
    /// to <paramref name="target"/> so it only hears that host.</summary>
    private static Socket RawIcmp(string ns, string target) => new NetworkNamespace(ns).Run(() =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp) { ReceiveTimeout = 2000 };
        socket.Connect(IPAddress.Parse(target), 0);
        return socket;
    });

    private void Echo(Socket socket)
    {
        sequence++;
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(6), sequence);
        request[2] = request[3] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(2), InternetChecksum.Compute(request));
        socket.Send(request);
        while (true)
        {
            // A raw socket hands over the IP header too; the reply is type 0 with our sequence number.
            var n = socket.Receive(reply);
            var icmp = reply.AsSpan((reply[0] & 0xF) * 4, n - (reply[0] & 0xF) * 4);
            if (icmp[0] == 0 && BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) == sequence)
                return;
        }
    }
}
