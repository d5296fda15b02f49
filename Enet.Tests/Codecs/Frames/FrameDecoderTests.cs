using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Xunit;

namespace Enet.Tests.Codecs.Frames;

public class FrameDecoderTests
{
    private static readonly MacAddress Us = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress Them = MacAddress.Parse("02:00:00:00:00:02");
    private static readonly Ipv4Address Source = Ipv4Address.Parse("192.0.2.1");
    private static readonly Ipv4Address Destination = Ipv4Address.Parse("192.0.2.2");

    internal static Frame UdpFrame(byte[] payload) => new()
    {
        LinkType = LinkType.Ethernet,
        Ethernet = new EthernetHeader(Them, Us, EtherType.Ipv4, []),
        Ipv4 = Ipv4Header.Create(Source, Destination, IpProtocol.Udp),
        Udp = UdpDatagram.Create(1234, 53, payload),
    };

    [Fact]
    public void A_built_frame_emits_checksums_that_verify_on_decode()
    {
        var bytes = UdpFrame("hello"u8.ToArray()).ToArray();
        var frame = FrameDecoder.Decode(bytes);
        Assert.Null(frame.Error);
        Assert.Equal(ChecksumStatus.Good, frame.NetworkChecksum);
        Assert.Equal(ChecksumStatus.Good, frame.TransportChecksum);
        Assert.Equal("hello"u8.ToArray(), frame.Udp!.Payload.Span.ToArray());
        Assert.Equal(bytes, frame.ToArray());
    }

    [Fact]
    public void Ethernet_padding_is_kept_as_trailer_and_not_summed()
    {
        var bytes = UdpFrame([1]).ToArray().Concat(new byte[17]).ToArray();
        var frame = FrameDecoder.Decode(bytes);
        Assert.Equal(17, frame.Trailer.Length);
        Assert.Equal(ChecksumStatus.Good, frame.TransportChecksum);
        Assert.Equal(bytes, frame.ToArray());
    }

    [Fact]
    public void A_corrupted_udp_payload_is_reported_bad_and_re_emitted_unchanged()
    {
        var bytes = UdpFrame("hello"u8.ToArray()).ToArray();
        bytes[^1] ^= 0x40;
        var frame = FrameDecoder.Decode(bytes);
        Assert.Equal(ChecksumStatus.Bad, frame.TransportChecksum);
        Assert.Equal(bytes, frame.ToArray());
    }

    [Fact]
    public void A_truncated_capture_keeps_the_headers_and_reports_the_truncation_offset()
    {
        var bytes = UdpFrame(new byte[100]).ToArray()[..60];
        var frame = FrameDecoder.Decode(bytes);
        Assert.NotNull(frame.Udp);
        Assert.Null(frame.TransportChecksum);
        Assert.Equal(Layer.Ipv4, frame.Error!.Value.Layer);
        Assert.Equal(60, frame.Error.Value.Offset);
        Assert.Equal(bytes, frame.ToArray());
    }

    [Fact]
    public void A_bad_inner_header_is_an_error_at_its_frame_offset_and_stays_raw()
    {
        var bytes = UdpFrame([]).ToArray();
        bytes[14] = 0x44;
        var frame = FrameDecoder.Decode(bytes);
        Assert.NotNull(frame.Ethernet);
        Assert.Null(frame.Ipv4);
        Assert.Equal(Layer.Ipv4, frame.Error!.Value.Layer);
        Assert.InRange(frame.Error.Value.Offset, 14, 34);
        Assert.Equal(bytes, frame.ToArray());
    }

    [Fact]
    public void Arp_padding_round_trips()
    {
        var frame = new Frame
        {
            LinkType = LinkType.Ethernet,
            Ethernet = new EthernetHeader(MacAddress.Broadcast, Us, EtherType.Arp, []),
            Arp = ArpMessage.Request(Us, Source, Destination),
            Trailer = new byte[18],
        };
        var bytes = frame.ToArray();
        Assert.Equal(60, bytes.Length);
        Assert.Equal(frame, FrameDecoder.Decode(bytes));
        Assert.Equal("ARP, Request who-has 192.0.2.2 tell 192.0.2.1, length 28", FrameSummary.Format(frame));
    }

    [Fact]
    public void Unsupported_link_types_are_reported_not_guessed()
    {
        var frame = FrameDecoder.Decode([1, 2, 3], LinkType.LinuxSll);
        Assert.Equal(Layer.Link, frame.Error!.Value.Layer);
        Assert.Equal([1, 2, 3], frame.ToArray());
    }

    [Fact]
    public void Udp_checksum_over_a_routing_header_uses_the_final_destination()
    {
        var final = Ipv6Address.Parse("2001:db8::99");
        var routing = new byte[24];
        routing[0] = (byte)IpProtocol.Udp;
        routing[1] = 2;  // Hdr Ext Len: (2 + 1) * 8 = 24 bytes
        routing[2] = 0;  // type 0 (RFC 2460 4.4)
        routing[3] = 1;  // segments left
        final.Write(routing.AsSpan(8));
        var frame = new Frame
        {
            LinkType = LinkType.Raw,
            Ipv6 = new Ipv6Header(0, 0, null, IpProtocol.Ipv6Route, 64, Ipv6Address.Parse("2001:db8::1"), Ipv6Address.Parse("2001:db8::2"),
                [new Ipv6ExtensionHeader(IpProtocol.Ipv6Route, IpProtocol.Udp, routing[1..])]),
            Udp = UdpDatagram.Create(1, 2, "x"u8.ToArray()),
        };
        var decoded = FrameDecoder.Decode(frame.ToArray(), LinkType.Raw);
        Assert.Null(decoded.Error);
        Assert.Equal(final, decoded.Ipv6!.PseudoHeaderDestination);
        Assert.Equal(ChecksumStatus.Good, decoded.TransportChecksum);
    }

    [Fact]
    public void Json_names_every_layer_and_uses_address_text()
    {
        var json = System.Text.Json.JsonDocument.Parse(FrameJson.ToJson(FrameDecoder.Decode(UdpFrame([7]).ToArray()), 1, 0)).RootElement;
        Assert.Equal("192.0.2.1", json.GetProperty("ipv4").GetProperty("source").GetString());
        Assert.Equal("02:00:00:00:00:01", json.GetProperty("ethernet").GetProperty("source").GetString());
        Assert.Equal(53, json.GetProperty("udp").GetProperty("destinationPort").GetInt32());
        Assert.Equal("Good", json.GetProperty("transportChecksum").GetString());
    }
}
