using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class ArpTests
{
    /// <summary>The ARP request inside <see cref="EthernetTests.QinQArpFrame"/>, with its Ethernet padding.</summary>
    private static readonly byte[] CapturedRequest = EthernetTests.QinQArpFrame[22..];

    [Fact]
    public void Arp_request_from_capture_decodes()
    {
        Assert.True(ArpPacket.TryParse(CapturedRequest, out var packet, out _));
        Assert.Equal(ArpOperation.Request, packet.Operation);
        Assert.Equal(ArpPacket.EthernetHardwareType, packet.HardwareType);
        Assert.Equal(EtherType.Ipv4, packet.ProtocolType);
        Assert.Equal("00:20:d2:5a:fb:3f", packet.SenderHardwareAddress.ToString());
        Assert.Equal(Ipv4Address.Parse("172.21.79.97"), packet.SenderProtocolAddress);
        Assert.Equal(MacAddress.Zero, packet.TargetHardwareAddress);
        Assert.Equal(Ipv4Address.Parse("172.21.79.100"), packet.TargetProtocolAddress);
        Assert.Equal(CapturedRequest.Length - 28, packet.Trailer.Length);
    }

    [Fact]
    public void Arp_from_capture_round_trips_byte_exact()
    {
        Assert.True(ArpMessage.TryDecode(CapturedRequest, out var message, out _));
        Assert.Equal(28, message.Length);
        var emitted = new byte[message.Length];
        message.Emit(emitted);
        Assert.Equal(CapturedRequest[..28], emitted);
        Assert.Equal(ArpMessage.Request(message.SenderHardwareAddress, message.SenderProtocolAddress, message.TargetProtocolAddress), message);
    }

    [Theory]
    [InlineData(0, "0006", 0)]
    [InlineData(2, "86dd", 2)]
    [InlineData(4, "08", 4)]
    [InlineData(5, "10", 5)]
    public void Hardware_and_protocol_type_and_length_checks_name_the_bad_field(int at, string value, int offset)
    {
        var bytes = CapturedRequest.ToArray();
        Convert.FromHexString(value).CopyTo(bytes, at);
        Assert.False(ArpPacket.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Arp, offset, error.Reason), error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(27)]
    public void Truncated_arp_is_an_error(int length)
    {
        Assert.False(ArpPacket.TryParse(CapturedRequest.AsSpan(0, length), out _, out var error));
        Assert.Equal(Layer.Arp, error.Layer);
    }

    [Fact]
    public void Factories_fill_the_rfc_826_and_5227_fields()
    {
        var mac = MacAddress.Parse("02:00:00:00:00:01");
        var other = MacAddress.Parse("02:00:00:00:00:02");
        var ip = Ipv4Address.Parse("10.0.0.1");
        var peer = Ipv4Address.Parse("10.0.0.2");
        Assert.Equal(new ArpMessage(ArpOperation.Request, mac, ip, MacAddress.Zero, peer), ArpMessage.Request(mac, ip, peer));
        Assert.Equal(new ArpMessage(ArpOperation.Reply, mac, ip, other, peer), ArpMessage.Reply(mac, ip, other, peer));
        Assert.Equal(new ArpMessage(ArpOperation.Request, mac, ip, MacAddress.Zero, ip), ArpMessage.Gratuitous(mac, ip));
    }

    [Fact]
    public void Unknown_operation_is_kept_and_printed_as_a_number()
    {
        var message = ArpMessage.Request(MacAddress.Zero, Ipv4Address.Any, Ipv4Address.Any) with { Operation = (ArpOperation)8 };
        var bytes = new byte[28];
        message.Emit(bytes);
        Assert.True(ArpMessage.TryDecode(bytes, out var decoded, out _));
        Assert.Equal((ArpOperation)8, decoded.Operation);
        Assert.StartsWith("""{"operation":8,"operationName":null,""", EthernetTests.Json(decoded.WriteJson));
    }

    [Fact]
    public void Arp_json_has_addresses_as_text()
    {
        Assert.True(ArpMessage.TryDecode(CapturedRequest, out var message, out _));
        Assert.Equal(
            """{"operation":1,"operationName":"request","senderHardwareAddress":"00:20:d2:5a:fb:3f","senderProtocolAddress":"172.21.79.97","targetHardwareAddress":"00:00:00:00:00:00","targetProtocolAddress":"172.21.79.100"}""",
            EthernetTests.Json(message.WriteJson));
    }

    [Fact]
    public void Arp_emit_then_decode_is_identity()
    {
        Prop.ForAll(Arb.From(L23Generators.Arp), message =>
        {
            var bytes = new byte[message.Length];
            message.Emit(bytes);
            return ArpMessage.TryDecode(bytes, out var decoded, out _) && decoded == message;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Arp_prints_one_tcpdump_like_line()
    {
        Assert.True(ArpMessage.TryDecode(CapturedRequest, out var message, out _));
        Assert.Equal("ARP, Request who-has 172.21.79.100 tell 172.21.79.97 (00:20:d2:5a:fb:3f)", message.ToString());
    }

    [Fact]
    public void Arp_view_allocates_nothing()
    {
        static long Touch(byte[] bytes)
        {
            long sum = 0;
            for (var i = 0; i < 1000; i++)
            {
                ArpPacket.TryParse(bytes, out var p, out _);
                sum += p.HardwareType + (int)p.ProtocolType + p.HardwareLength + p.ProtocolLength + (int)p.Operation +
                       (long)p.SenderHardwareAddress.Value + p.SenderProtocolAddress.Value +
                       (long)p.TargetHardwareAddress.Value + p.TargetProtocolAddress.Value + p.Trailer.Length;
            }
            return sum;
        }
        Touch(CapturedRequest);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Touch(CapturedRequest);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
