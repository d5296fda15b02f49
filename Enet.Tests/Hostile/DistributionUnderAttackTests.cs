using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.Actor.Dsl;
using Enet.Remote;
using Enet.Remote.Distribution;
using Enet.Remote.Etf;
using Enet.TestKit;
using Enet.Tests.Remote;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Hostile;

/// <summary>
/// An Enet node under attack on its distribution port (loopback only): malformed and truncated handshakes, a wrong
/// digest, silent and flooding connections, and an authenticated peer sending oversized packets and External Term
/// Format bombs. Each is refused or dropped and counted, memory stays bounded, and a good peer keeps being served.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class DistributionUnderAttackTests(ITestOutputHelper output) : EnetTestKit, IAsyncLifetime
{
    private const string Cookie = "hostile_cookie";
    private static readonly TimeSpan SetupTime = TimeSpan.FromSeconds(2);
    private readonly int _epmdPort = ErlangPeer.FreePort();
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private NetKernel _victim = null!;
    private NetKernel _good = null!;

    public async Task InitializeAsync()
    {
        _victim = await NetKernel.StartAsync(Sys, Settings("victim"));
        _good = await NetKernel.StartAsync(Sys, Settings("good"));
        _victim.Register("enet_echo", Sys.ActorOf(Props.Create<EchoActor>()));
    }

    public async Task DisposeAsync()
    {
        await _good.DisposeAsync();
        await _victim.DisposeAsync();
    }

    private NetKernelSettings Settings(string alive) =>
        new($"{alive}_{_id}@localhost") { Cookie = Cookie, EpmdPort = _epmdPort, SetupTime = SetupTime };

    /// <summary>The good peer reaches the victim's echo actor over a fresh connection and gets its term back.</summary>
    private void AssertServesGoodPeer()
    {
        _good.DisconnectNode(_victim.NodeName);
        var term = new ErlTuple(new ErlAtom("still_serving"), new ErlBinary([1, 2, 3]));
        _good.Remote("enet_echo", _victim.NodeName).Tell(new ErlTuple(_good.PidOf(TestActor), term), TestActor);
        Assert.Equal(new ErlTuple(new ErlAtom("enet_echo"), term), ExpectMsg<ErlTuple>(TimeSpan.FromSeconds(15)));
    }

    private void AwaitRefused(long expected) =>
        AwaitCondition(() => _victim.RefusedConnections >= expected, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50),
            $"{_victim.RefusedConnections} of {expected} connections refused");

    /// <summary>Connects, sends <paramref name="bytes"/>, half-closes, and reads until the victim closes; what it sent back.</summary>
    private async Task<byte[]> Attack(byte[] bytes, bool halfClose = true)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _victim.Port);
        if (bytes.Length > 0)
            await socket.SendAsync(bytes);
        if (halfClose)
            socket.Shutdown(SocketShutdown.Send);
        return await ReadUntilClosed(socket, SetupTime + TimeSpan.FromSeconds(10));
    }

    private static async Task<byte[]> ReadUntilClosed(Socket socket, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                received.Write(buffer, 0, n);
        }
        catch (SocketException)
        {
            // Reset by the victim: closed all the same.
        }
        return received.ToArray();
    }

    /// <summary>A version-6 send_name (erl_dist_protocol), framed with its 2-byte length.</summary>
    private static byte[] SendName(byte[] name, ulong flags = DistributionFlags.Advertised, int? declaredNameLength = null)
    {
        var message = new byte[1 + 8 + 4 + 2 + name.Length];
        message[0] = (byte)'N';
        BinaryPrimitives.WriteUInt64BigEndian(message.AsSpan(1), flags);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(9), 1);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(13), (ushort)(declaredNameLength ?? name.Length));
        name.CopyTo(message, 15);
        return Framed2(message);
    }

    private static byte[] Framed2(byte[] message) => [(byte)(message.Length >> 8), (byte)message.Length, .. message];

    private static byte[] Framed4(byte[] packet)
    {
        var frame = new byte[4 + packet.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)packet.Length);
        packet.CopyTo(frame, 4);
        return frame;
    }

    [Fact]
    public async Task Malformed_and_truncated_handshakes_are_refused_counted_and_the_node_keeps_serving()
    {
        var valid = SendName(Encoding.UTF8.GetBytes($"mallory_{_id}@localhost"));
        List<byte[]> attacks =
        [
            [],
            [0, 0],
            [0xFF, 0xFF, .. new byte[64]],
            [0, 3, (byte)'n', 0, 5],
            SendName(Encoding.UTF8.GetBytes("no_at_sign")),
            SendName(Encoding.UTF8.GetBytes("x@localhost"), declaredNameLength: 0xFFFF),
            SendName(Encoding.UTF8.GetBytes(new string('a', 300) + "@localhost")),
            SendName([0xFF, 0xFE, 0xC0, (byte)'@', (byte)'h']),
            SendName(Encoding.UTF8.GetBytes("@")),
            SendName(Encoding.UTF8.GetBytes("lacks_flags@localhost"), flags: 0),
            // A good start, then a challenge reply of the wrong shape.
            [.. valid, .. Framed2([(byte)'r', 1, 2, 3])],
            [.. valid, .. Framed2([(byte)'r', .. new byte[20], 0])],
        ];
        // Every truncation of a valid send_name.
        for (var length = 1; length < valid.Length; length++)
            attacks.Add(valid[..length]);
        foreach (var attack in attacks)
            await Attack(attack);
        AwaitRefused(attacks.Count);
        output.WriteLine($"{attacks.Count} malformed handshakes, {_victim.RefusedConnections} refused");
        Assert.Empty(_victim.Nodes(null));
        AssertServesGoodPeer();
    }

    [Fact]
    public async Task A_wrong_digest_is_refused_and_counted()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _victim.Port);
        var local = new Handshake.Local($"mallory_{_id}@localhost", 1, "not_the_cookie", DistributionFlags.Advertised);
        await Assert.ThrowsAsync<HandshakeException>(() =>
            Handshake.InitiateAsync(new NetworkStream(socket, ownsSocket: false), local, new CancellationTokenSource(SetupTime * 3).Token));
        AwaitRefused(1);
        Assert.Empty(_victim.Nodes(null));
        AssertServesGoodPeer();
    }

    [Fact]
    public async Task Silent_connections_are_dropped_after_the_setup_time_while_a_good_peer_is_served()
    {
        const int count = 200;
        using var silent = await SilentConnections.OpenAsync(_victim.Port, count);
        AssertServesGoodPeer();
        var closed = await Task.WhenAll(silent.Sockets.Select(s => ReadUntilClosed(s, SetupTime + TimeSpan.FromSeconds(15))));
        Assert.All(closed, Assert.Empty);
        AwaitRefused(count);
    }

    [Fact]
    public async Task Two_thousand_connection_attempts_are_refused_counted_and_leave_memory_and_descriptors_bounded()
    {
        const int count = 2000;
        AssertServesGoodPeer();
        var descriptors = OpenDescriptors();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        await Flood(count);
        AwaitRefused(count);
        AssertServesGoodPeer();
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heap;
        var descriptorGrowth = OpenDescriptors() - descriptors;
        output.WriteLine($"{count} attempts: {_victim.RefusedConnections} refused, heap {heapGrowth / 1024} kB more, {descriptorGrowth} more descriptors");
        // Every refused socket is closed; the test host's own heap shares the process, so the bound is loose.
        Assert.InRange(descriptorGrowth, -1000, 20);
        Assert.InRange(heapGrowth, long.MinValue, 32L * 1024 * 1024);
    }

    [SkippableFact]
    public async Task A_real_erl_peer_connects_and_is_echoed_while_a_connection_flood_goes_on()
    {
        TestEnvironment.RequireTool("erl", "erlang-nox");
        var flood = Task.Run(() => Flood(1000));
        using var peer = ErlangPeer.Start(_epmdPort, $"{{enet_echo, '{_victim.NodeName}'}} ! {{self(), hello}}, " +
            "receive {enet_echo, hello} -> io:format(\"echo_ok~n\") after 10000 -> io:format(\"echo_timeout~n\") end", Cookie);
        Assert.Contains("echo_ok", peer.WaitForLine("echo_", TimeSpan.FromSeconds(60)));
        await flood;
        AwaitRefused(1000);
    }

    /// <summary><paramref name="count"/> connections, a hundred at a time, each sending up to 200 random bytes.</summary>
    private async Task Flood(int count)
    {
        var random = new Random(19);
        for (var batch = 0; batch < count; batch += 100)
        {
            var attacks = Enumerable.Range(0, Math.Min(100, count - batch)).Select(_ =>
            {
                var garbage = new byte[random.Next(0, 200)];
                random.NextBytes(garbage);
                return Attack(garbage);
            }).ToList();
            await Task.WhenAll(attacks);
        }
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    [Fact]
    public async Task Packets_and_term_bombs_from_an_authenticated_peer_close_its_connection_and_the_node_keeps_serving()
    {
        AssertServesGoodPeer();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var pid = _good.PidOf(TestActor);
        // To an actor that takes anything: a test actor that leaves a message unhandled makes Akka publish (and the test
        // kit keep) it, which is not the node's memory.
        _victim.Register("sink", Sys.ActorOf(act => act.ReceiveAny((_, _) => { })));
        var regSend = Etf.Encode(new ErlTuple(ControlTag.RegSend, pid, ErlAtom.Empty, new ErlAtom("sink")));
        var toNobody = Etf.Encode(new ErlTuple(ControlTag.RegSend, pid, ErlAtom.Empty, new ErlAtom("nobody_here")));
        List<(string What, byte[] Packet)> bombs =
        [
            ("a packet length beyond the limit", [0x7F, 0xFF, 0xFF, 0xFF, (byte)'p']),
            ("a list of 2^32-1 elements", Framed4([(byte)'p', 131, 108, 0xFF, 0xFF, 0xFF, 0xFF, 106])),
            ("a tuple of 2^32-1 elements", Framed4([(byte)'p', 131, 105, 0xFF, 0xFF, 0xFF, 0xFF])),
            ("a binary of 2^32-1 bytes", Framed4([(byte)'p', 131, 109, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3])),
            ("100,000 nested tuples", Framed4([(byte)'p', 131, .. Enumerable.Repeat(new byte[] { 104, 1 }, 100_000).SelectMany(b => b), 106])),
            ("a compressed term claiming 2 GB", Framed4([(byte)'p', 131, 80, 0x7F, 0xFF, 0xFF, 0xFF, .. Deflate(new byte[1024])])),
            ("a compressed term inflating beyond the limit", Framed4([(byte)'p', 131, 80, 0x0C, 0x80, 0x00, 0x00, .. Deflate(new byte[1024])])),
            ("a compressed binary inflating to 60 MB", Framed4([(byte)'p', .. regSend, .. CompressedBinary(60 * 1024 * 1024)])),
            ("a flood of 50,000 distinct atoms", Framed4([(byte)'p', .. regSend, .. AtomFlood(50_000)])),
            ("a flood of 50,000 distinct atoms to no one", Framed4([(byte)'p', .. toNobody, .. AtomFlood(50_000)])),
            ("an unknown control message", Framed4([(byte)'p', .. Etf.Encode(new ErlTuple(99, pid))])),
            ("a control message that is not a tuple", Framed4([(byte)'p', .. Etf.Encode(new ErlInteger(6))])),
            ("a packet that is not pass-through", Framed4([(byte)'D', 0, 0])),
        ];
        foreach (var (what, packet) in bombs)
        {
            var name = $"bomber_{_id}@localhost";
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, _victim.Port);
            var stream = new NetworkStream(socket, ownsSocket: false);
            await Handshake.InitiateAsync(stream, new Handshake.Local(name, 1, Cookie, DistributionFlags.Advertised),
                new CancellationTokenSource(SetupTime * 3).Token);
            await socket.SendAsync(packet);
            socket.Shutdown(SocketShutdown.Send);
            await ReadUntilClosed(socket, TimeSpan.FromSeconds(20));
            AwaitCondition(() => !_victim.Nodes(null).Contains(name), TimeSpan.FromSeconds(10));
            output.WriteLine($"{what}: closed; {_victim.UnhandledControlMessages} control messages dropped so far; heap {(GC.GetTotalMemory(true) - heap) / 1024} kB more");
            AssertServesGoodPeer();
        }
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heap;
        output.WriteLine($"heap {heapGrowth / 1024} kB more after {bombs.Count} bombs");
        Assert.InRange(heapGrowth, long.MinValue, 32L * 1024 * 1024);
    }

    private static byte[] Deflate(byte[] data)
    {
        var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize))
            zlib.Write(data);
        return compressed.ToArray();
    }

    /// <summary>A binary of <paramref name="size"/> zero bytes as a compressed term: 131, 80, its size, zlib.</summary>
    private static byte[] CompressedBinary(int size)
    {
        var term = new byte[5 + size];
        term[0] = 109;
        BinaryPrimitives.WriteInt32BigEndian(term.AsSpan(1), size);
        var header = new byte[6];
        header[0] = 131;
        header[1] = 80;
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(2), term.Length);
        return [.. header, .. Deflate(term)];
    }

    /// <summary>A term (with its version byte) that is a list of <paramref name="count"/> distinct atoms.</summary>
    private static byte[] AtomFlood(int count) =>
        Etf.Encode(new ErlList(Enumerable.Range(0, count).Select(i => (Term)new ErlAtom($"atom_{i}")).ToArray()));
}
