using System.Diagnostics;
using System.Text.Json;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class Icmpv4Tests
{
    // dhcp-rfc4388.pcap frame 2: echo request id 0x4024 seq 0 with 20 zero bytes, checksum 0xb7db (good).
    private static readonly byte[] EchoRequest = Convert.FromHexString("0800b7db40240000" + new string('0', 40));

    // dhcp-rfc4388.pcap frame 6: host unreachable quoting that echo request's IPv4 header and first 8 bytes.
    private static readonly byte[] HostUnreachable = Convert.FromHexString(
        "0301fcfe000000004500003061b440003f01bfcc0a2802030a1e04040800b7db402400000000000000000000000000000000000000000000");

    private static byte[] Emit(Icmpv4Message message)
    {
        var bytes = new byte[message.Length];
        message.Emit(bytes);
        return bytes;
    }

    private static Icmpv4Message Decode(byte[] bytes)
    {
        Assert.True(Icmpv4Message.TryDecode(bytes, out var message, out var error), error.ToString());
        return message;
    }

    [Fact]
    public void Captured_echo_request_decodes_and_verifies()
    {
        Assert.True(Icmpv4Packet.TryParse(EchoRequest, out var packet, out _));
        Assert.Equal(Icmpv4Type.EchoRequest, packet.Type);
        Assert.Equal((ushort)0x4024, packet.Identifier);
        Assert.Equal((ushort)0, packet.SequenceNumber);
        Assert.Equal(20, packet.Data.Length);
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum());
    }

    [Fact]
    public void Crafted_echo_request_gets_the_captured_checksum()
    {
        // dotpcap/packetnet#140: PacketDotNet never computed the ICMPv4 checksum when crafting.
        Assert.Equal(EchoRequest, Emit(Icmpv4Message.EchoRequest(0x4024, 0, new byte[20])));
    }

    [Fact]
    public void Crafted_destination_unreachable_matches_the_capture()
    {
        var unreachable = Icmpv4Message.DestinationUnreachable(1, HostUnreachable[8..]);
        Assert.Equal(HostUnreachable, Emit(unreachable));
        var decoded = Decode(HostUnreachable);
        Assert.Equal(unreachable with { Checksum = 0xfcfe }, decoded);
        Assert.Equal(0x45, decoded.QuotedDatagram.Span[0]);
    }

    [Fact]
    public void Time_exceeded_quotes_the_datagram_and_verifies()
    {
        var message = Icmpv4Message.TimeExceeded(0, HostUnreachable[8..]);
        var bytes = Emit(message);
        Assert.True(Icmpv4Packet.TryParse(bytes, out var packet, out _));
        Assert.Equal(Icmpv4Type.TimeExceeded, packet.Type);
        Assert.Equal(0u, packet.RestOfHeader);
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum());
        Assert.Equal(HostUnreachable[8..], Decode(bytes).QuotedDatagram.Span.ToArray());
    }

    [Fact]
    public void Fragmentation_needed_carries_the_next_hop_mtu()
    {
        // RFC 1191 4: code 4, MTU in the low 16 bits of the second word.
        var bytes = Emit(Icmpv4Message.DestinationUnreachable(4, HostUnreachable[8..], 1400));
        Assert.True(Icmpv4Packet.TryParse(bytes, out var packet, out _));
        Assert.Equal((ushort)1400, packet.NextHopMtu);
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum());
    }

    [Fact]
    public void Redirect_gateway_and_parameter_problem_pointer_read_the_rest_of_header()
    {
        var redirect = new Icmpv4Message(Icmpv4Type.Redirect, 1, null, 0x0A000001, HostUnreachable[8..]);
        Assert.Equal(new Ipv4Address(10, 0, 0, 1), redirect.GatewayAddress);
        Assert.True(Icmpv4Packet.TryParse(Emit(redirect), out var packet, out _));
        Assert.Equal(new Ipv4Address(10, 0, 0, 1), packet.GatewayAddress);
        var problem = new Icmpv4Message(Icmpv4Type.ParameterProblem, 0, null, 0x0C000000, HostUnreachable[8..]);
        Assert.Equal((byte)12, problem.PointerByte);
        Assert.True(problem.HasQuotedDatagram);
    }

    [Fact]
    public void Unknown_type_and_rfc4884_length_round_trip_byte_exact()
    {
        byte[] bytes = [200, 7, 0xDE, 0xAD, 0x00, 0x11, 0x22, 0x33, 1, 2, 3];
        var message = Decode(bytes);
        Assert.Equal((Icmpv4Type)200, message.Type);
        Assert.False(message.HasQuotedDatagram);
        Assert.Equal(bytes, Emit(message));
    }

    [Fact]
    public void Wrong_checksum_is_reported_and_kept()
    {
        var bytes = (byte[])EchoRequest.Clone();
        bytes[2] ^= 1;
        Assert.True(Icmpv4Packet.TryParse(bytes, out var packet, out _));
        Assert.Equal(ChecksumStatus.Bad, packet.VerifyChecksum());
        Assert.Equal(bytes, Emit(Decode(bytes)));
    }

    [Fact]
    public void Fewer_than_8_bytes_is_a_decode_error()
    {
        Assert.False(Icmpv4Packet.TryParse(EchoRequest.AsSpan(0, 7), out _, out var error));
        Assert.Equal(Layer.Icmpv4, error.Layer);
    }

    [Fact]
    public void Emit_then_decode_gives_the_message_back_and_computed_checksums_verify()
    {
        var messages =
            from type in ArbMap.Default.GeneratorFor<byte>()
            from code in ArbMap.Default.GeneratorFor<byte>()
            from rest in ArbMap.Default.GeneratorFor<uint>()
            from data in ArbMap.Default.GeneratorFor<byte[]>()
            select new Icmpv4Message((Icmpv4Type)type, code, null, rest, data);
        Prop.ForAll(Arb.From(messages), message =>
        {
            var bytes = Emit(message);
            return Icmpv4Packet.TryParse(bytes, out var packet, out _) && packet.VerifyChecksum() == ChecksumStatus.Good &&
                   Icmpv4Message.TryDecode(bytes, out var decoded, out _) && decoded == message with { Checksum = packet.Checksum };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void View_path_allocates_nothing()
    {
        ViewEverything(HostUnreachable);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0L;
        for (var i = 0; i < 100; i++)
            total += ViewEverything(HostUnreachable);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, total);
    }

    private static long ViewEverything(ReadOnlySpan<byte> bytes) =>
        Icmpv4Packet.TryParse(bytes, out var packet, out _)
            ? (long)packet.Type + packet.Code + packet.Checksum + packet.RestOfHeader + packet.Identifier + packet.SequenceNumber +
              packet.NextHopMtu + packet.GatewayAddress.Value + packet.Pointer + packet.Data.Length + (int)packet.VerifyChecksum()
            : 0;

    [Fact]
    public void Json_names_the_type_and_writes_hex_data()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            Icmpv4Message.EchoReply(1, 2, new byte[] { 0xCA, 0xFE }).WriteJson(writer);
            writer.WriteEndObject();
        }
        Assert.Equal("""{"type":0,"typeName":"echo-reply","code":0,"checksum":null,"restOfHeader":65538,"identifier":1,"sequenceNumber":2,"data":"cafe"}""",
            System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Decoding_hostile_bytes_never_throws_and_what_decodes_round_trips()
    {
        var watch = Stopwatch.StartNew();
        foreach (var bytes in Mutations.Of([EchoRequest, HostUnreachable], 100_000))
        {
            ViewEverything(bytes);
            if (Icmpv4Message.TryDecode(bytes, out var message, out _))
                Assert.Equal(bytes, Emit(message));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }
}
