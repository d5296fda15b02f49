using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Enet.Configuration;
using Enet.Remote.AkkaRemote;
using Enet.TestKit;
using Google.Protobuf;
using Enet.Tests.Remote;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Hostile;

/// <summary>
/// An Enet node under attack on its Akka.Remote port (loopback only): garbage bytes, frames whose length lies, malformed
/// Akka PDUs before and after a well-formed Associate, silent connections and thousands of connection attempts. Each
/// connection is closed by the node, nothing an attacker sends reaches an actor, memory and descriptors stay bounded,
/// and a peer that connects afterwards is served. Akka.Remote without enet.remote.allow or TLS lets any peer associate
/// (that is the configuration's choice); these attacks are the ones that need no valid association.
/// </summary>
[Collection(KernelInteropCollection.Name)]
public sealed class AkkaRemoteUnderAttackTests(ITestOutputHelper output) : EnetTestKit, IAsyncLifetime
{
    /// <summary>akka.remote.dot-netty.tcp.connection-timeout: also how long an inbound connection may stay silent
    /// before its Associate (Akka.Remote's inbound handshake timer), shortened here from Akka's 15 s.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(2);

    private static readonly string RemoteNode = $$"""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, connection-timeout = {{HandshakeTimeout.TotalSeconds}}s }
        enet.log.level = error
        """;

    private readonly List<ActorSystem> _systems = [];
    private ActorSystem _victim = null!;
    private string _victimAddress = null!;
    private int _port;

    public Task InitializeAsync()
    {
        _victim = Node();
        _victimAddress = AkkaNetKernel.Start(_victim).NodeName;
        _port = Address.Parse(_victimAddress).Port!.Value;
        _victim.ActorOf(Props.Create(() => new Forwarder(TestActor)), "inbox");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var system in _systems)
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private ActorSystem Node()
    {
        var system = EnetActorSystem.Create("enet", ConfigurationFactory.ParseString(RemoteNode));
        _systems.Add(system);
        return system;
    }

    /// <summary>
    /// A node that was never associated before connects and its message reaches the inbox; it must be the inbox's next
    /// message, so nothing an attacker sent got there first. The victim has not started shutting down.
    /// </summary>
    private void AssertServesANewPeer(string text)
    {
        var peer = Node();
        peer.ActorSelection(_victimAddress + "/user/inbox").Tell(text);
        Assert.Equal(text, ExpectMsg<string>(TimeSpan.FromSeconds(20)));
        Assert.Null(CoordinatedShutdown.Get(_victim).ShutdownReason);
    }

    /// <summary>Connects, sends <paramref name="bytes"/>, half-closes (or not), and reads until the node closes.</summary>
    private async Task Attack(byte[] bytes, bool halfClose = true)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _port);
        try
        {
            if (bytes.Length > 0)
                await socket.SendAsync(bytes);
            if (halfClose)
                socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The node closed first (a frame it refused before the rest arrived): closed all the same.
            return;
        }
        Assert.True(await ClosedByTheNode(socket, HandshakeTimeout + TimeSpan.FromSeconds(20)), "the node kept the connection open");
    }

    /// <summary>Reads until the node closes (end of stream or reset): true, or false when <paramref name="limit"/> came first.</summary>
    private static async Task<bool> ClosedByTheNode(Socket socket, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
            }
            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Akka.Remote's TCP frame (DotNetty's, which Enet's transport keeps): a 4-byte little-endian length (akka.remote.dot-netty.tcp.byte-order), then the PDU.</summary>
    private static byte[] Frame(byte[] pdu, uint? declaredLength = null)
    {
        var frame = new byte[4 + pdu.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, declaredLength ?? (uint)pdu.Length);
        pdu.CopyTo(frame, 4);
        return frame;
    }

    // Akka's WireFormats.proto, written by hand (Akka keeps its codec internal): AkkaProtocolMessage { payload = 1,
    // instruction = 2 }, AkkaControlMessage { commandType = 1, handshakeInfo = 2 }, AkkaHandshakeInfo { origin = 1,
    // uid = 2 (fixed64) }, AddressData { system = 1, hostname = 2, port = 3, protocol = 4 }.
    private const int AssociateCommand = 1;
    private const int HeartbeatCommand = 3;

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
            write(output);
        return buffer.ToArray();
    }

    private static void Bytes(CodedOutputStream output, int field, byte[] value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(value));
    }

    private static byte[] Control(int command, byte[]? handshake = null) => Message(o =>
        Bytes(o, 2, Message(c =>
        {
            c.WriteTag(1, WireFormat.WireType.Varint);
            c.WriteInt32(command);
            if (handshake is not null)
                Bytes(c, 2, handshake);
        })));

    private static byte[] Handshake(string system, string host, int port, ulong uid = 42) => Message(h =>
    {
        Bytes(h, 1, Message(a =>
        {
            a.WriteTag(1, WireFormat.WireType.LengthDelimited);
            a.WriteString(system);
            a.WriteTag(2, WireFormat.WireType.LengthDelimited);
            a.WriteString(host);
            a.WriteTag(3, WireFormat.WireType.Varint);
            a.WriteUInt32((uint)port);
            a.WriteTag(4, WireFormat.WireType.LengthDelimited);
            a.WriteString("akka.tcp");
        }));
        h.WriteTag(2, WireFormat.WireType.Fixed64);
        h.WriteFixed64(uid);
    });

    private static byte[] Payload(byte[] payload) => Message(o => Bytes(o, 1, payload));

    /// <summary>A payload PDU whose envelope names the inbox but whose message has a serializer id no one has.</summary>
    private byte[] EnvelopeWithUnknownSerializer() => Payload(Message(container =>
        Bytes(container, 2, Message(envelope =>
        {
            Bytes(envelope, 1, Message(recipient =>
            {
                recipient.WriteTag(1, WireFormat.WireType.LengthDelimited);
                recipient.WriteString(_victimAddress + "/user/inbox");
            }));
            Bytes(envelope, 2, Message(message =>
            {
                Bytes(message, 1, "intruder"u8.ToArray());
                message.WriteTag(2, WireFormat.WireType.Varint);
                message.WriteInt32(987_654);
            }));
        }))));

    [Fact]
    public async Task Garbage_lying_frames_and_malformed_pdus_are_closed_and_the_node_keeps_serving()
    {
        var random = new Random(19);
        var garbage = new byte[300];
        random.NextBytes(garbage);
        var mallory = Frame(Control(AssociateCommand, Handshake("mallory", "127.0.0.1", 1)));
        // Whether the gate refuses the connection at its first PDU: null where the transport's frame reader may close it first.
        List<(string What, byte[] Bytes, bool? FirstPduRefused)> attacks =
        [
            ("nothing", [], false),
            ("300 random bytes", garbage, null),
            ("a frame length of 2^32-1", [0xff, 0xff, 0xff, 0xff, .. garbage], false),
            ("a frame length of 2^31-1", Frame(garbage, int.MaxValue), false),
            ("a frame just over akka.remote.dot-netty.tcp.maximum-frame-size", Frame(new byte[128_001]), false),
            ("a truncated frame", Frame(garbage, 1000), false),
            ("a frame of random bytes", Frame(garbage), true),
            ("an empty frame (the transport passes none up, as DotNetty)", Frame([]), false),
            ("a heartbeat before any Associate", Frame(Control(HeartbeatCommand)), true),
            ("an Associate without a handshake", Frame(Control(AssociateCommand)), true),
            ("an Associate from port 0", Frame(Control(AssociateCommand, Handshake("mallory", "127.0.0.1", 0))), true),
            ("an Associate with an empty system name", Frame(Control(AssociateCommand, Handshake("", "127.0.0.1", 1))), true),
            ("an Associate whose handshake is truncated", Frame(Control(AssociateCommand, Handshake("mallory", "127.0.0.1", 1)[..^3])), true),
            ("an Associate, then random bytes", [.. mallory, .. Frame(garbage)], false),
            ("an Associate, then an envelope no serializer reads", [.. mallory, .. Frame(EnvelopeWithUnknownSerializer())], false),
            ("an Associate claiming the node's own address", Frame(Control(AssociateCommand, Handshake("enet", "127.0.0.1", _port))), false),
            ("two Associates", [.. mallory, .. mallory], false),
        ];
        var gate = AkkaAllowList.Get(_victim);
        var heap = await HeapAfterWarmUp();
        foreach (var (what, bytes, firstPduRefused) in attacks)
        {
            var refused = gate.Refused;
            await Attack(bytes);
            // The gate counts before it closes the connection, so its count is final once the socket reads closed.
            var atTheGate = gate.Refused - refused;
            Assert.True(firstPduRefused is null || atTheGate == (firstPduRefused.Value ? 1 : 0), $"{what}: the gate refused {atTheGate}");
            output.WriteLine($"{what}: closed{(atTheGate > 0 ? ", refused at the gate" : "")}");
        }
        // A frame that never completes, from a peer that stays: dropped with its connection at the handshake timeout.
        await Attack(Frame(garbage, 100_000), halfClose: false);
        var heapGrowth = IdleConnections.HeapAfterCollection() - heap;
        output.WriteLine($"{attacks.Count + 1} attacks: heap {heapGrowth / 1024} kB more");
        Assert.InRange(heapGrowth, long.MinValue, 16L * 1024 * 1024);
        AssertServesANewPeer("after the malformed PDUs");
    }

    [Fact]
    public async Task Silent_connections_are_closed_after_the_handshake_timeout_and_a_good_peer_is_served_meanwhile()
    {
        using var silent = await SilentConnections.OpenAsync(_port, 200);
        AssertServesANewPeer("while 200 connections say nothing");
        var closed = await Task.WhenAll(silent.Sockets.Select(s => ClosedByTheNode(s, HandshakeTimeout + TimeSpan.FromSeconds(30))));
        Assert.All(closed, Assert.True);
    }

    [Fact]
    public async Task Two_thousand_connection_attempts_leave_memory_and_descriptors_bounded_and_the_node_serving()
    {
        const int count = 2000;
        AssertServesANewPeer("before the flood");
        var heap = await HeapAfterWarmUp();
        var descriptors = OpenDescriptors();
        var random = new Random(17);
        // Half raw bytes (most fail the transport's frame reader), half well-framed random PDUs (the gate refuses those).
        for (var batch = 0; batch < count; batch += 100)
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            {
                var garbage = new byte[random.Next(1, 200)];
                random.NextBytes(garbage);
                return Attack(i % 2 == 0 ? garbage : Frame(garbage));
            }));
        }
        var heapGrowth = IdleConnections.HeapAfterCollection() - heap;
        var descriptorGrowth = OpenDescriptors() - descriptors;
        AssertServesANewPeer("after the flood");
        output.WriteLine($"{count} attempts: {AkkaAllowList.Get(_victim).Refused} refused at the gate, heap {heapGrowth / 1024} kB more, " +
                         $"{descriptorGrowth} more descriptors");
        // Every closed connection gives its socket back.
        Assert.InRange(descriptorGrowth, -1000, 20);
        Assert.Equal(count / 2, AkkaAllowList.Get(_victim).Refused);
        // GC.GetTotalMemory swings by a few MB between readings here with nothing retained: dotnet-gcdump's live heap
        // after 2,000, 4,000 and 6,000 attempts read 50.19, 50.39 and 50.32 MB. The bound catches a leak of 16 kB or
        // more per connection (a connection's state that outlived it), not a few bytes.
        Assert.InRange(heapGrowth, long.MinValue, 32L * 1024 * 1024);
    }

    /// <summary>
    /// The heap once the node has read from a few connections (pools and the first connections' one-off costs are paid,
    /// which is no growth an attack causes).
    /// </summary>
    private async Task<long> HeapAfterWarmUp()
    {
        for (var i = 0; i < 16; i++)
            await Attack([]);
        return IdleConnections.HeapAfterCollection();
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
