using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Enet.Codecs;
using Enet.Tap;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Tap;

/// <summary>Interop with the Linux kernel: each test makes its own namespace and a TAP inside it, and all
/// traffic stays there.</summary>
public class TapDeviceTests(ITestOutputHelper output)
{
    private static readonly Ipv4Address OsAddress = Ipv4Address.Parse("10.99.0.1");
    private static readonly Ipv4Address Peer = Ipv4Address.Parse("10.99.0.2");

    private static TapDevice Open(TestNamespace ns, string name = "enet%d") => TapDevice.Open(new TapDeviceOptions
    {
        Name = name,
        Namespace = ns.Name,
        Mtu = 1400,
        OsIpv4Address = OsAddress,
        OsIpv4PrefixLength = 24,
        OsIpv6Address = Ipv6Address.Parse("fd00:99::1"),
        OsIpv6PrefixLength = 64,
    });

    private static void RequirePrerequisites() => TestEnvironment.Require(TestNamespace.Available, TestNamespace.Requirement);

    [SkippableFact]
    public void Tap_device_opens_inside_the_namespace_with_the_configuration_enet_set()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = Open(ns);
        var shown = ns.IpHere("addr", "show", tap.Name);
        output.WriteLine(shown);
        Assert.StartsWith("enet", tap.Name);
        Assert.Contains("inet 10.99.0.1/24", shown);
        Assert.Contains("inet6 fd00:99::1/64", shown);
        Assert.Contains("mtu 1400", shown);
        Assert.Contains(",UP", shown);
        Assert.Contains($"link/ether {tap.OsMacAddress}", shown);
        Assert.Equal(1400, tap.Mtu);
        Assert.DoesNotContain(tap.Name, TestNamespace.Ip("link", "show"));
    }

    [SkippableFact]
    public async Task Tap_reads_the_arp_request_the_kernel_sends_for_a_neighbour()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = Open(ns);
        // A datagram to an unknown neighbour makes the kernel ask for its MAC out of the TAP (RFC 826).
        new NetworkNamespace(ns.Name).Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            return socket.SendTo(new byte[8], new IPEndPoint(IPAddress.Parse(Peer.ToString()), 9));
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            using var frame = await tap.Received.ReadAsync(timeout.Token);
            var bytes = frame.Span;
            output.WriteLine($"{frame.Length} bytes, ethertype 0x{BinaryPrimitives.ReadUInt16BigEndian(bytes[12..]):x4}");
            if (BinaryPrimitives.ReadUInt16BigEndian(bytes[12..]) != 0x0806)
                continue;
            Assert.Equal(MacAddress.Broadcast, MacAddress.Read(bytes));
            Assert.Equal(tap.OsMacAddress, MacAddress.Read(bytes[6..]));
            var arp = bytes[14..];
            Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(arp[6..])); // op: request
            Assert.Equal(tap.OsMacAddress, MacAddress.Read(arp[8..]));
            Assert.Equal(OsAddress, Ipv4Address.Read(arp[14..]));
            Assert.Equal(Peer, Ipv4Address.Read(arp[24..]));
            break;
        }
        Assert.True(tap.Counters.FramesReceived >= 1);
    }

    [SkippableFact]
    public async Task With_offload_a_small_frame_holds_a_buffer_of_its_size_not_a_super_frames()
    {
        // Found by HostileTrafficTests: each 60-byte frame of a flood held a 128 kB read buffer while it waited in the
        // queues, and 4,000 neighbour solicitations ran a 128 MB heap out of memory.
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = TapDevice.Open(new TapDeviceOptions { Namespace = ns.Name, OsIpv4Address = OsAddress, Offload = true });
        new NetworkNamespace(ns.Name).Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            return socket.SendTo(new byte[8], new IPEndPoint(IPAddress.Parse(Peer.ToString()), 9));
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var frame = await tap.Received.ReadAsync(timeout.Token);
        Assert.True(MemoryMarshal.TryGetArray(frame.Memory, out var buffer));
        Assert.InRange(buffer.Array!.Length, frame.Length, 2048);
    }

    [SkippableFact]
    public async Task With_offload_the_reader_completes_the_checksum_the_kernel_left_partial()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = TapDevice.Open(new TapDeviceOptions { Namespace = ns.Name, OsIpv4Address = OsAddress, Offload = true });
        // A static neighbour, so the datagram itself (not an ARP request) comes out; with TUN_F_CSUM the kernel leaves
        // its UDP checksum to the "device" (CHECKSUM_PARTIAL): only the pseudo-header sum is in the field.
        ns.IpHere("neigh", "add", Peer.ToString(), "lladdr", "02:00:00:00:00:02", "dev", tap.Name);
        new NetworkNamespace(ns.Name).Run(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            return socket.SendTo(RandomNumberGenerator.GetBytes(333), new IPEndPoint(IPAddress.Parse(Peer.ToString()), 9));
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (true)
        {
            using var frame = await tap.Received.ReadAsync(timeout.Token);
            if (!CheckedUdpDatagram(frame.Span))
                continue;
            // The reader computed it, so it vouches for it and the stack does not sum the datagram again.
            Assert.True(frame.ChecksumVerified);
            break;
        }
    }

    [SkippableFact]
    public async Task A_reader_busy_polling_after_a_frame_stops_at_once_when_the_link_is_disposed()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        // Polling for a minute after each frame: only the stop signal can end it in time.
        var tap = TapDevice.Open(new TapDeviceOptions { Namespace = ns.Name, OsIpv4Address = OsAddress, BusyPoll = TimeSpan.FromMinutes(1) });
        try
        {
            new NetworkNamespace(ns.Name).Run(() =>
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                return socket.SendTo(new byte[8], new IPEndPoint(IPAddress.Parse(Peer.ToString()), 9));
            });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using (await tap.Received.ReadAsync(timeout.Token))
            {
            }
        }
        finally
        {
            // Dispose waits at most a second for the reader thread; the link completes when that thread has ended.
            tap.Dispose();
        }
        Assert.True(tap.Completion.IsCompletedSuccessfully);
    }

    /// <summary>False for a frame that is not IPv4 UDP; for one that is, asserts its length and checksum.</summary>
    private static bool CheckedUdpDatagram(ReadOnlySpan<byte> frame)
    {
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _) || ethernet.EtherType != EtherType.Ipv4 ||
            !Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _) || ip.Protocol != IpProtocol.Udp)
            return false;
        Assert.True(UdpPacket.TryParse(ip.Payload, out var udp, out var error), error.ToString());
        Assert.Equal(333, udp.Payload.Length);
        var pseudo = InternetChecksum.PseudoHeader(ip.Source, ip.Destination, IpProtocol.Udp, ip.Payload.Length);
        Assert.Equal(ChecksumStatus.Good, udp.VerifyChecksum(pseudo));
        return true;
    }

    private static byte[] ExperimentalFrame()
    {
        var frame = new byte[60];
        MacAddress.Broadcast.Write(frame);
        MacAddress.Parse("02:00:00:00:00:01").Write(frame.AsSpan(6));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(12), 0x88B5); // IEEE 802 local experimental EtherType
        return frame;
    }

    private static void AwaitRxPackets(TestNamespace ns, string device, long expected)
    {
        var deadline = Stopwatch.StartNew();
        while (RxPackets(ns, device) < expected && deadline.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(10);
        Assert.Equal(expected, RxPackets(ns, device));
    }

    [SkippableFact]
    public void Frames_enet_writes_show_up_in_the_kernel_rx_counters()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = Open(ns);
        var before = RxPackets(ns, tap.Name);
        var frame = ExperimentalFrame();
        for (var i = 0; i < 5; i++)
            Assert.True(tap.TrySend(frame));
        AwaitRxPackets(ns, tap.Name, before + 5);
        Assert.Equal(5, tap.Counters.FramesSent);
        Assert.Equal(300, tap.Counters.BytesSent);
    }

    [SkippableFact]
    public void A_burst_of_sends_is_written_in_batches_and_loses_nothing()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = Open(ns);
        var before = RxPackets(ns, tap.Name);
        var frame = ExperimentalFrame();
        for (var i = 0; i < 500; i++)
            Assert.True(tap.TrySend(frame));
        AwaitRxPackets(ns, tap.Name, before + 500);
        Assert.Equal(500, tap.Counters.FramesSent);
        Assert.Equal(0, tap.Counters.SendDrops);
        output.WriteLine($"500 frames in {tap.WriterWakeups} writer wake-ups");
        Assert.InRange(tap.WriterWakeups, 1, 499);
    }

    [SkippableFact]
    public void Unbatched_writes_happen_on_the_senders_thread()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = TapDevice.Open(new TapDeviceOptions { Namespace = ns.Name, BatchWrites = false });
        var before = RxPackets(ns, tap.Name);
        Assert.True(tap.TrySend(ExperimentalFrame()));
        Assert.Equal(1, tap.Counters.FramesSent);
        Assert.Equal(before + 1, RxPackets(ns, tap.Name));
        Assert.Equal(0, tap.WriterWakeups);
    }

    [SkippableFact]
    public async Task Tap_device_vanishing_completes_the_link_with_an_error()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = Open(ns);
        ns.IpHere("link", "del", tap.Name);
        var error = await Assert.ThrowsAsync<TapException>(() => tap.Completion.WaitAsync(TimeSpan.FromSeconds(2)));
        output.WriteLine(error.Message);
        Assert.Contains(tap.Name, error.Message);
        // Received ends once the frames read before the failure are drained.
        await foreach (var frame in tap.Received.ReadAllAsync(new CancellationTokenSource(TimeSpan.FromSeconds(1)).Token))
            frame.Dispose();
        Assert.False(tap.TrySend(new byte[60]));
    }

    /// <summary>The TAP's socket holds a reference to its namespace (sk_alloc takes one), so `ip netns del`
    /// only removes the name: the namespace and the device live on until Enet closes the fd. The link stays
    /// open rather than failing; this pins that kernel behaviour. A UDP socket opened in the namespace before the
    /// name goes makes the kernel talk over the TAP afterwards: its ARP request must be read, the reply Enet
    /// writes must reach the kernel, which then sends the datagram it held.</summary>
    [SkippableFact]
    public async Task Deleting_the_namespace_name_leaves_the_link_working_until_enet_closes_it()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = Open(ns);
        using var socket = new NetworkNamespace(ns.Name).Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        TestNamespace.Ip("netns", "del", ns.Name);
        socket.SendTo(new byte[8], new IPEndPoint(IPAddress.Parse(Peer.ToString()), 9));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // Frames the kernel sent on its own meanwhile (IPv6 router solicitations, announcements) are skipped.
        ArpMessage? request = null;
        await NextFrame(tap, frame => BinaryPrimitives.ReadUInt16BigEndian(frame[12..]) == (ushort)EtherType.Arp &&
            ArpMessage.TryDecode(frame[EthernetHeaderLength..], out request, out _) &&
            request.Operation == ArpOperation.Request && request.TargetProtocolAddress == Peer, timeout.Token);
        var peerMac = MacAddress.Parse("02:00:00:00:99:02");
        var reply = new byte[60];
        new EthernetHeader(request!.SenderHardwareAddress, peerMac, EtherType.Arp).Emit(reply);
        ArpMessage.Reply(peerMac, Peer, request.SenderHardwareAddress, request.SenderProtocolAddress).Emit(reply.AsSpan(EthernetHeaderLength));
        Assert.True(tap.TrySend(reply));
        // Only the datagram the kernel held for the neighbour goes to the MAC the reply taught it.
        var datagram = await NextFrame(tap, frame => MacAddress.Read(frame) == peerMac, timeout.Token);
        Assert.True(Ipv4Packet.TryParse(datagram.AsSpan(EthernetHeaderLength), out var ip, out var error), error.ToString());
        Assert.Equal((IpProtocol.Udp, Peer), (ip.Protocol, ip.Destination));
        Assert.False(tap.Completion.IsCompleted);
    }

    private const int EthernetHeaderLength = 14;

    /// <summary>The first frame the TAP reads that <paramref name="wanted"/> accepts, as bytes.</summary>
    private static async Task<byte[]> NextFrame(TapDevice tap, FrameFilter wanted, CancellationToken cancellation)
    {
        while (true)
        {
            using var frame = await tap.Received.ReadAsync(cancellation);
            if (frame.Length >= EthernetHeaderLength && wanted(frame.Span))
                return frame.Span.ToArray();
        }
    }

    private delegate bool FrameFilter(ReadOnlySpan<byte> frame);

    [SkippableFact]
    public void Dispose_stops_the_reader_within_a_second_and_removes_the_device()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        var tap = Open(ns);
        var clock = Stopwatch.StartNew();
        tap.Dispose();
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.True(tap.Completion.IsCompletedSuccessfully);
        Assert.DoesNotContain(tap.Name, ns.IpHere("link", "show"));
    }

    [SkippableFact]
    public void Attaching_to_a_device_another_fd_holds_fails_with_ebusy_naming_it()
    {
        RequirePrerequisites();
        using var ns = TestNamespace.Create();
        using var tap = Open(ns, "enetbusy0");
        var error = Assert.Throws<TapException>(() => Open(ns, "enetbusy0"));
        output.WriteLine(error.Message);
        Assert.Equal(16, error.Errno);
        Assert.Contains("enetbusy0", error.Message);
        Assert.Contains("EBUSY", error.Message);
    }

    [Fact]
    public void Opening_in_a_missing_namespace_names_it_and_the_error()
    {
        var error = Assert.Throws<TapException>(() => TapDevice.Open(new TapDeviceOptions { Namespace = "enet-test-missing" }));
        Assert.Contains("netns enet-test-missing", error.Message);
        Assert.Contains("ENOENT", error.Message);
    }

    private static long RxPackets(TestNamespace ns, string device)
    {
        using var json = JsonDocument.Parse(ns.IpHere("-j", "-s", "link", "show", device));
        return json.RootElement[0].GetProperty("stats64").GetProperty("rx").GetProperty("packets").GetInt64();
    }
}
