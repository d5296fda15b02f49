using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Enet.Remote;
using Enet.Remote.Distribution;
using Enet.Remote.Etf;
using Xunit;

namespace Enet.Tests.Remote;

/// <summary>
/// One distribution connection over a real loopback socket whose other end is a plain socket the test reads
/// (or leaves unread, to stand for a peer that does not keep up).
/// </summary>
public sealed class DistConnectionTests : IDisposable
{
    private const long Limit = 64 * 1024;
    private static readonly HandshakeResult Peer = new("peer@localhost", DistributionFlags.Advertised, 1, DistributionFlags.Advertised);
    private static readonly Term Control = new ErlTuple(new ErlInteger(ControlTag.Send), ErlAtom.Empty, new ErlPid(new ErlAtom("peer@localhost"), 1, 0, 1));

    private readonly Socket _ours;
    private readonly Socket _theirs;
    private readonly BlockingCollection<(Term Control, Term? Message)> _received = [];
    private readonly BlockingCollection<string> _down = [];
    private readonly DistConnection _connection;

    public DistConnectionTests()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        // Small kernel buffers on both ends, so an unread peer backs the queue up after a few hundred KiB.
        _ours = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = 16 * 1024 };
        _ours.Connect(listener.LocalEndPoint!);
        _theirs = listener.Accept();
        _theirs.ReceiveBufferSize = 16 * 1024;
        _connection = new DistConnection(_ours, Peer, outbound: true, TimeSpan.FromMinutes(10), Limit,
            (_, control, message) => _received.Add((control, message)), (_, reason) => _down.Add(reason));
    }

    public void Dispose()
    {
        _connection.Close("disconnect");
        _theirs.Dispose();
        _ours.Dispose();
    }

    [Fact]
    public async Task A_busy_connection_holds_suspended_senders_at_the_limit_and_loses_nothing()
    {
        const int Messages = 200;
        const int Size = 20 * 1024;
        var sent = 0;
        var sender = Task.Factory.StartNew(() =>
        {
            for (var k = 0; k < Messages; k++)
            {
                Assert.True(_connection.Send(Control, Numbered(k, Size), SendMode.Suspend));
                Interlocked.Increment(ref sent);
            }
        }, TaskCreationOptions.LongRunning);

        // The peer reads nothing: the sender must come to a stop well before its last message. Suspended at the limit
        // is the event to wait for; the socket buffers take far less than the 4 MB it has to send, so it stays stopped.
        Assert.True(SpinWait.SpinUntil(() => _connection.BusySuspensions > 0 && _connection.QueuedBytes >= Limit, TimeSpan.FromSeconds(20)),
            $"{Volatile.Read(ref sent)} sent, {_connection.QueuedBytes} bytes queued, {_connection.BusySuspensions} suspensions");
        var packet = Size + 64;
        Assert.InRange(Volatile.Read(ref sent), 1, Messages - 1);
        Assert.False(sender.IsCompleted);
        Assert.InRange(_connection.MaxQueuedBytes, Limit, Limit + packet);

        // Once the peer reads, every message arrives, in order, and the sender finishes.
        var packets = ReadPackets(Messages);
        await sender.WaitAsync(TimeSpan.FromSeconds(30));
        for (var k = 0; k < Messages; k++)
            Assert.Equal(k, BinaryPrimitives.ReadInt32BigEndian(packets[k].Message.Bytes.Span));
        Assert.InRange(_connection.MaxQueuedBytes, Limit, Limit + packet);
    }

    [Fact]
    public void A_nosuspend_send_on_a_busy_connection_is_dropped_and_counted()
    {
        var k = 0;
        while (_connection.Send(Control, Numbered(k, 20 * 1024), SendMode.NoSuspend))
            Assert.InRange(++k, 1, 1000);
        Assert.Equal(1, _connection.BusyDrops);
        // Dropped because the queue had reached the limit (the writer may have moved some into the socket since).
        Assert.InRange(_connection.MaxQueuedBytes, Limit, Limit + 21 * 1024);
        // The node's own signals are forced through whatever the queue holds.
        Assert.True(_connection.Send(Control, new ErlAtom("forced")));
        Assert.Equal(k + 1, ReadPackets(k + 1).Count);
    }

    [Fact]
    public async Task Closing_wakes_a_suspended_sender_whose_message_is_then_dropped()
    {
        // Filled to the limit while the writer fills the socket (it moves queued bytes there meanwhile), until the
        // socket is full too: then the queue stays at the limit and the next sender must wait.
        Assert.True(SpinWait.SpinUntil(() =>
        {
            while (_connection.Send(Control, Numbered(0, 20 * 1024), SendMode.NoSuspend))
            {
            }
            return _connection.WritePending && _connection.QueuedBytes >= Limit;
        }, TimeSpan.FromSeconds(10)));
        var suspended = Task.Factory.StartNew(() => _connection.Send(Control, Numbered(1, 10), SendMode.Suspend), TaskCreationOptions.LongRunning);
        // Counted under the send lock as the sender starts to wait.
        Assert.True(SpinWait.SpinUntil(() => _connection.BusySuspensions == 1, TimeSpan.FromSeconds(10)));
        Assert.False(suspended.IsCompleted);
        _connection.Close("disconnect");
        Assert.False(await suspended.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_packet_whose_encoding_fails_leaves_nothing_on_the_wire()
    {
        // A large binary is queued by reference before the term fails, so the rollback has segments to undo.
        var bad = new ErlTuple(new ErlBinary(new byte[100 * 1024]), new Unencodable());
        Assert.Throws<ArgumentException>(() => _connection.Send(Control, bad));
        Assert.Equal(0, _connection.QueuedBytes);
        Assert.True(_connection.Send(Control, Numbered(7, 100)));
        var (control, message) = Assert.Single(ReadPackets(1));
        Assert.Equal(Control, control);
        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(message.Bytes.Span));
    }

    [Fact]
    public void Large_and_small_binaries_arrive_intact_through_gathered_writes()
    {
        ErlBinary[] messages = [Numbered(1, 10), Numbered(2, 1 << 20), Numbered(3, 200), Numbered(4, 17 * 1024), Numbered(5, 70_000)];
        var random = new Random(9);
        foreach (var m in messages)
            random.NextBytes(MemoryMarshal.AsMemory(m.Bytes).Span[4..]);
        foreach (var m in messages)
            Assert.True(_connection.Send(Control, m));
        var packets = ReadPackets(messages.Length);
        Assert.Equal(messages, packets.Select(p => p.Message));
        // The writer settles its count after the write returns, which may be after the peer has read everything.
        Assert.True(SpinWait.SpinUntil(() => _connection.QueuedBytes == 0, TimeSpan.FromSeconds(10)), $"{_connection.QueuedBytes} bytes still queued");
    }

    [Fact]
    public void A_packet_larger_than_the_read_buffer_is_decoded_with_its_binaries_sharing_the_packet()
    {
        _connection.Start();
        var big = new byte[1 << 20];
        new Random(3).NextBytes(big);
        var small = new byte[64];
        var message = new ErlTuple(new ErlBinary(big), new ErlBinary(small));
        var packet = Packet(Control, message);
        // Larger than the 64 KiB read buffer: the packet's start arrives in it and the rest is read on its own.
        _theirs.Send(packet);
        Assert.True(_received.TryTake(out var got, TimeSpan.FromSeconds(10)));
        Assert.Equal(Control, got.Control);
        Assert.Equal(message, got.Message);
        var tuple = (ErlTuple)got.Message!;
        Assert.True(MemoryMarshal.TryGetArray(((ErlBinary)tuple[0]).Bytes, out var shared));
        Assert.Equal(packet.Length - 4, shared.Array!.Length);
        // 64 bytes is an Erlang heap binary: copied, so it does not keep the packet alive.
        Assert.True(MemoryMarshal.TryGetArray(((ErlBinary)tuple[1]).Bytes, out var copied));
        Assert.Equal(64, copied.Array!.Length);
    }

    [Fact]
    public void Packets_after_a_large_one_are_read_from_the_same_stream()
    {
        _connection.Start();
        var stream = Packet(Control, Numbered(1, 300_000)).Concat(Packet(Control, Numbered(2, 10))).Concat(Packet(Control, Numbered(3, 200_000))).ToArray();
        _theirs.Send(stream);
        for (var k = 1; k <= 3; k++)
        {
            Assert.True(_received.TryTake(out var got, TimeSpan.FromSeconds(10)));
            Assert.Equal(k, BinaryPrimitives.ReadInt32BigEndian(((ErlBinary)got.Message!).Bytes.Span));
        }
    }

    [Fact]
    public async Task A_burst_of_small_packets_sent_in_one_turn_goes_out_in_fewer_writes_than_packets()
    {
        // 300 small packets fit the socket's buffers, so a connection writing each as it is sent makes 300 writes.
        const int Packets = 300;
        await Task.Run(() =>
        {
            for (var k = 0; k < Packets; k++)
                Assert.True(_connection.Send(Control, Numbered(k, 4)));
        });
        var packets = ReadPackets(Packets);
        for (var k = 0; k < Packets; k++)
            Assert.Equal(k, BinaryPrimitives.ReadInt32BigEndian(packets[k].Message.Bytes.Span));
        Assert.InRange(_connection.Writes, 1, Packets / 2);
    }

    [Fact]
    public void A_huge_announced_packet_takes_memory_only_as_its_bytes_arrive()
    {
        _connection.Start();
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, 128 * 1024 * 1024);
        _theirs.Send(header);
        _theirs.Send(new byte[300_000]);
        Assert.True(SpinWait.SpinUntil(() => _connection.LargePacket.Received == 300_000, TimeSpan.FromSeconds(10)), $"{_connection.LargePacket}");
        Assert.InRange(_connection.LargePacket.Capacity, 300_000, DistConnection.LargePacketStart);
        // The array doubles with what arrives: 1.5 MB received are held in twice the start size.
        _theirs.Send(new byte[1_200_000]);
        Assert.True(SpinWait.SpinUntil(() => _connection.LargePacket.Received == 1_500_000, TimeSpan.FromSeconds(10)), $"{_connection.LargePacket}");
        Assert.Equal(2 * DistConnection.LargePacketStart, _connection.LargePacket.Capacity);
    }

    [Fact]
    public void A_large_packet_that_does_not_parse_kills_the_connection()
    {
        _connection.Start();
        // A byte after the message: the packet must hold exactly its two terms.
        byte[] packet = [.. Packet(Control, Numbered(1, 200_000)), 0];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(packet.Length - 4));
        _theirs.Send(packet);
        Assert.True(_down.TryTake(out var reason, TimeSpan.FromSeconds(10)));
        Assert.Equal("killed", reason);
    }

    private static ErlBinary Numbered(int k, int size)
    {
        var bytes = new byte[Math.Max(size, 4)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, k);
        return new ErlBinary(bytes);
    }

    private static byte[] Packet(Term control, Term message)
    {
        byte[] body = [(byte)'p', .. Etf.Encode(control), .. Etf.Encode(message)];
        var packet = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)body.Length);
        body.CopyTo(packet, 4);
        return packet;
    }

    /// <summary>Reads <paramref name="count"/> pass-through packets (skipping ticks) from the peer's end.</summary>
    private List<(Term Control, ErlBinary Message)> ReadPackets(int count)
    {
        var packets = new List<(Term, ErlBinary)>();
        var header = new byte[4];
        _theirs.ReceiveTimeout = 10_000;
        while (packets.Count < count)
        {
            ReadExactly(header);
            var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
            if (body.Length == 0)
                continue;
            ReadExactly(body);
            Assert.Equal((byte)'p', body[0]);
            Assert.True(Etf.TryDecodePrefix(body.AsSpan(1), out var control, out var used, out var error), error?.ToString());
            Assert.True(Etf.TryDecode(body.AsSpan(1 + used), out var message, out error), error?.ToString());
            packets.Add((control, message as ErlBinary ?? new ErlBinary(Etf.Encode(message))));
        }
        return packets;
    }

    private void ReadExactly(byte[] into)
    {
        for (var have = 0; have < into.Length;)
        {
            var n = _theirs.Receive(into, have, into.Length - have, SocketFlags.None);
            Assert.NotEqual(0, n);
            have += n;
        }
    }

    private sealed class Unencodable : Term
    {
        public override bool Equals(Term? other) => ReferenceEquals(this, other);

        public override int GetHashCode() => 0;

        public override string ToString() => "unencodable";
    }
}
