using System.Collections.Immutable;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class Ipv6Tests
{
    /// <summary>icmpv6.pcap frame 2 (tcpdump test corpus) from byte 14: an MLDv2 report with a hop-by-hop header
    /// holding Router Alert and PadN (fields checked with tshark).</summary>
    internal static readonly byte[] MldWithHopByHop = Convert.FromHexString(
        "6000000000240001fe80000000000000021517fffecce546ff0200000000000000000000000000163a000502000001008f001fc50000000104000000ff0200000000000000000db811223344");

    /// <summary>ipv6-routing-header.pcap frame 1 from byte 14: a type 0 routing header, segments left 1, then an ICMPv6 echo.</summary>
    internal static readonly byte[] EchoWithRoutingHeader = Convert.FromHexString(
        "6000000000202b04220000000000024402123ffffeae22f7220000000000024000020000000000043a02000100000000220000000000021000020000000000048000d3ab00000000");

    private static readonly Ipv6Address Source = Ipv6Address.Parse("2001:db8::1");
    private static readonly Ipv6Address Destination = Ipv6Address.Parse("2001:db8::2");

    [Fact]
    public void Ipv6_hop_by_hop_from_capture_walks_to_icmpv6()
    {
        Assert.True(Ipv6Packet.TryParse(MldWithHopByHop, out var p, out _));
        Assert.Equal(6, p.Version);
        Assert.Equal(0, p.TrafficClass);
        Assert.Equal(0u, p.FlowLabel);
        Assert.Equal(36, p.PayloadLength);
        Assert.Equal(IpProtocol.HopByHop, p.NextHeader);
        Assert.Equal(1, p.HopLimit);
        Assert.Equal(Ipv6Address.Parse("fe80::215:17ff:fecc:e546"), p.Source);
        Assert.Equal(Ipv6Address.Parse("ff02::16"), p.Destination);
        Assert.Equal(1, p.ExtensionHeaderCount);
        Assert.Equal(8, p.ExtensionHeadersLength);
        Assert.Equal(IpProtocol.Icmpv6, p.UpperLayerProtocol);
        Assert.Equal(48, p.UpperLayerOffset);
        Assert.Equal(28, p.UpperLayerPayload.Length);
        Assert.Equal(36, p.Payload.Length);
        Assert.Null(p.Fragment);
        Assert.False(p.IsTruncated);
    }

    [Fact]
    public void Hop_by_hop_options_are_exposed_as_tlvs()
    {
        Assert.True(Ipv6Header.TryDecode(MldWithHopByHop, out var header, out _));
        var hopByHop = Assert.Single(header.ExtensionHeaders);
        Assert.True(hopByHop.TryGetOptions(out var options));
        Assert.Equal([new Ipv6Option(5, new byte[] { 0, 0 }), new Ipv6Option(Ipv6Option.PadN, Bytes.Empty)], options.ToArray());
        Assert.Equal(hopByHop, Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Icmpv6, [new Ipv6Option(5, new byte[] { 0, 0 })]));
    }

    [Fact]
    public void Options_header_pads_with_pad1_and_padn_to_eight_bytes()
    {
        var pad1 = Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, IpProtocol.Udp, [new Ipv6Option(0xC2, new byte[] { 1, 2, 3 })]);
        Assert.Equal("00c20301020300", pad1.Data.ToString());
        var padN = Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, IpProtocol.Udp, []);
        Assert.Equal("00010400000000", padN.Data.ToString());
        Assert.True(pad1.TryGetOptions(out var options));
        Assert.Equal([new Ipv6Option(0xC2, new byte[] { 1, 2, 3 }), new Ipv6Option(Ipv6Option.Pad1, Bytes.Empty)], options.ToArray());
    }

    [Fact]
    public void Option_running_past_its_header_is_not_decoded()
    {
        var header = new Ipv6ExtensionHeader(IpProtocol.Ipv6DestinationOptions, IpProtocol.Udp, Convert.FromHexString("00c20901020304"));
        Assert.False(header.TryGetOptions(out _));
    }

    [Fact]
    public void Routing_header_from_capture_exposes_type_and_segments_left()
    {
        Assert.True(Ipv6Header.TryDecode(EchoWithRoutingHeader, out var header, out _));
        var routing = Assert.Single(header.ExtensionHeaders);
        Assert.Equal(IpProtocol.Ipv6Route, routing.Kind);
        Assert.Equal((byte)0, routing.RoutingType);
        Assert.Equal((byte)1, routing.SegmentsLeft);
        Assert.Null(routing.Fragment);
        Assert.False(routing.TryGetOptions(out _));
        Assert.Equal(IpProtocol.Icmpv6, header.UpperLayerProtocol);
        Assert.Equal(64, header.Length);
    }

    [Theory]
    [MemberData(nameof(CapturedPackets))]
    public void Ipv6_headers_from_capture_round_trip_byte_exact(byte[] packet)
    {
        Assert.True(Ipv6Header.TryDecode(packet, out var header, out _));
        var emitted = new byte[header.Length];
        header.Emit(emitted, 0);
        Assert.Equal(packet[..header.Length], emitted);
    }

    public static TheoryData<byte[]> CapturedPackets => new() { MldWithHopByHop, EchoWithRoutingHeader };

    [Fact]
    public void First_fragment_walks_on_to_the_upper_layer()
    {
        var bytes = Emit(new Ipv6Header(0, 0, null, IpProtocol.Ipv6Fragment, 64, Source, Destination,
            [Ipv6ExtensionHeader.CreateFragment(IpProtocol.Udp, new Ipv6FragmentHeader(0, true, 0xDEADBEEF))]), 8);
        Assert.Equal("1100" + "0001" + "deadbeef", Convert.ToHexStringLower(bytes.AsSpan(40, 8)));
        Assert.True(Ipv6Packet.TryParse(bytes, out var p, out _));
        Assert.Equal(new Ipv6FragmentHeader(0, true, 0xDEADBEEF), p.Fragment);
        Assert.False(p.IsNonFirstFragment);
        Assert.Equal(IpProtocol.Udp, p.UpperLayerProtocol);
        Assert.Equal(48, p.UpperLayerOffset);
    }

    [Fact]
    public void Walk_stops_after_a_non_first_fragment()
    {
        // RFC 8200 4.5: what follows a fragment with a non-zero offset is fragment data, even if the fragment header
        // names an extension header; these bytes would be a 2 KiB destination options header if walked.
        var bytes = Emit(new Ipv6Header(0, 0, null, IpProtocol.Ipv6Fragment, 64, Source, Destination,
            [Ipv6ExtensionHeader.CreateFragment(IpProtocol.Ipv6DestinationOptions, new Ipv6FragmentHeader(185, false, 7))]), 8);
        bytes[49] = 0xFF;
        Assert.True(Ipv6Packet.TryParse(bytes, out var p, out _));
        Assert.True(p.IsNonFirstFragment);
        Assert.Equal(185 * 8, p.Fragment!.Value.FragmentByteOffset);
        Assert.Equal(IpProtocol.Ipv6DestinationOptions, p.UpperLayerProtocol);
        Assert.Equal(8, p.UpperLayerPayload.Length);
        Assert.True(Ipv6Header.TryDecode(bytes, out var header, out _));
        Assert.True(header.IsNonFirstFragment);
        Assert.Equal(new Ipv6FragmentHeader(185, false, 7), header.Fragment);
    }

    [Fact]
    public void Parsing_a_fragment_header_leaves_the_buffer_untouched()
    {
        // dotpcap/packetnet#104: the caller's buffer was corrupted after parsing IPv6 with a fragment header.
        var bytes = Emit(new Ipv6Header(0, 0, null, IpProtocol.Ipv6Fragment, 64, Source, Destination,
            [Ipv6ExtensionHeader.CreateFragment(IpProtocol.Udp, new Ipv6FragmentHeader(0, true, 42))]), 16);
        var before = bytes.ToArray();
        Assert.True(Ipv6Packet.TryParse(bytes, out var p, out _));
        var reader = p.ExtensionHeaders;
        while (reader.MoveNext())
            Assert.Equal(IpProtocol.Ipv6Fragment, reader.Kind);
        Assert.True(Ipv6Header.TryDecode(bytes, out _, out _));
        Assert.Equal(before, bytes);
    }

    [Fact]
    public void Authentication_header_length_counts_four_byte_words()
    {
        // RFC 4302 2.2: Payload Len 4 means (4 + 2) * 4 = 24 bytes.
        var ah = new Ipv6ExtensionHeader(IpProtocol.Ah, IpProtocol.Tcp, new byte[] { 4 }.Concat(new byte[22]).ToArray());
        var bytes = Emit(new Ipv6Header(0, 0, null, IpProtocol.Ah, 64, Source, Destination, [ah]), 20);
        Assert.True(Ipv6Packet.TryParse(bytes, out var p, out _));
        Assert.Equal(64, p.UpperLayerOffset);
        Assert.Equal(IpProtocol.Tcp, p.UpperLayerProtocol);
    }

    [Theory]
    [InlineData(IpProtocol.Esp)]
    [InlineData(IpProtocol.Ipv6NoNext)]
    [InlineData(IpProtocol.Udp)]
    public void Walk_stops_at_esp_no_next_header_and_upper_layers(IpProtocol next)
    {
        var options = Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, next, []);
        var bytes = Emit(new Ipv6Header(0, 0, null, IpProtocol.Ipv6DestinationOptions, 64, Source, Destination, [options]), 16);
        Assert.True(Ipv6Packet.TryParse(bytes, out var p, out _));
        Assert.Equal(1, p.ExtensionHeaderCount);
        Assert.Equal(next, p.UpperLayerProtocol);
        Assert.Equal(16, p.UpperLayerPayload.Length);
    }

    [Fact]
    public void Hop_by_hop_after_another_header_is_an_error()
    {
        // RFC 8200 4.1: the hop-by-hop options header must immediately follow the IPv6 header.
        var bytes = Emit(new Ipv6Header(0, 0, null, IpProtocol.Ipv6DestinationOptions, 64, Source, Destination,
        [
            Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, IpProtocol.HopByHop, []),
            Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Udp, []),
        ]), 0);
        Assert.False(Ipv6Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Ipv6Extension, 48, error.Reason), error);
    }

    [Fact]
    public void More_than_sixteen_extension_headers_is_an_error()
    {
        var chain = Enumerable.Range(0, 17)
            .Select(i => Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, i < 16 ? IpProtocol.Ipv6DestinationOptions : IpProtocol.Udp, []))
            .ToImmutableArray();
        var bytes = Emit(new Ipv6Header(0, 0, null, IpProtocol.Ipv6DestinationOptions, 64, Source, Destination, chain), 0);
        Assert.False(Ipv6Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Ipv6Extension, 40 + 16 * 8, error.Reason), error);
    }

    [Theory]
    [InlineData(0xFF, 200, 40)]
    [InlineData(0x00, 4, 40)]
    [InlineData(0x01, 12, 40)]
    public void Extension_header_running_off_the_buffer_is_an_error(byte lengthByte, int bytesAfterHeader, int offset)
    {
        // dotpcap/packetnet#92 and PR #85: the extension-header chain walked off the end of the buffer.
        var bytes = new byte[40 + bytesAfterHeader];
        Convert.FromHexString("60000000ffff3c40").CopyTo(bytes, 0);
        bytes[40] = (byte)IpProtocol.Udp;
        if (bytesAfterHeader > 1)
            bytes[41] = lengthByte;
        Assert.False(Ipv6Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Ipv6Extension, offset, error.Reason), error);
    }

    [Fact]
    public void Second_header_past_the_payload_length_is_an_error()
    {
        var bytes = Emit(new Ipv6Header(0, 0, 12, IpProtocol.HopByHop, 64, Source, Destination,
        [
            Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Ipv6Route, []),
            new Ipv6ExtensionHeader(IpProtocol.Ipv6Route, IpProtocol.Udp, new byte[7]),
        ]), 0);
        Assert.False(Ipv6Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Ipv6Extension, 48, error.Reason), error);
    }

    [Theory]
    [InlineData(39, "60")]
    [InlineData(40, "40")]
    public void Short_or_wrong_version_header_is_an_error(int length, string first)
    {
        var bytes = new byte[length];
        bytes[0] = Convert.FromHexString(first)[0];
        Assert.False(Ipv6Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Ipv6, 0, error.Reason), error);
    }

    [Fact]
    public void Payload_length_beyond_the_capture_is_truncation_not_an_error()
    {
        var bytes = MldWithHopByHop[..60];
        Assert.True(Ipv6Packet.TryParse(bytes, out var p, out _));
        Assert.True(p.IsTruncated);
        Assert.Equal(20, p.Payload.Length);
        Assert.Equal(12, p.UpperLayerPayload.Length);
    }

    [Fact]
    public void Jumbogram_takes_its_length_from_the_jumbo_payload_option()
    {
        // RFC 2675: payload length 0, the real length (70000, hop-by-hop header included) in option 0xC2.
        var jumbo = Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Tcp,
            [new Ipv6Option(Ipv6Packet.JumboPayloadOption, new byte[] { 0x00, 0x01, 0x11, 0x70 })]);
        var header = new Ipv6Header(0, 0, 0, IpProtocol.HopByHop, 64, Source, Destination, [jumbo]);
        var bytes = Emit(header, 100);
        Assert.True(Ipv6Packet.TryParse(bytes, out var p, out _));
        Assert.Equal(70000u, p.JumboPayloadLength);
        Assert.True(p.IsTruncated);
        Assert.Equal(108, p.Payload.Length);
        Assert.Equal(IpProtocol.Tcp, p.UpperLayerProtocol);
        Assert.Equal(100, p.UpperLayerPayload.Length);
        Assert.True(Ipv6Header.TryDecode(bytes, out var decoded, out _));
        Assert.Equal(header, decoded);
    }

    [Fact]
    public void Zero_payload_length_without_a_jumbo_option_is_an_error()
    {
        var bytes = Emit(new Ipv6Header(0, 0, 0, IpProtocol.HopByHop, 64, Source, Destination,
            [Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Tcp, [])]), 20);
        Assert.False(Ipv6Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Ipv6, 4, error.Reason), error);
    }

    [Fact]
    public void Payload_length_is_computed_on_emit_from_the_extension_headers_and_upper_layer()
    {
        // dotpcap/packetnet#141: IPv6 PayloadLength was not updated when the packet was built.
        var header = new Ipv6Header(0xB8, 0xABCDE, null, IpProtocol.HopByHop, 255, Source, Destination,
            [Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Udp, [])]);
        var bytes = Emit(header, 20);
        Assert.Equal("6b8abcde001c0", Convert.ToHexStringLower(bytes.AsSpan(0, 7))[..13]);
        Assert.True(Ipv6Header.TryDecode(bytes, out var decoded, out _));
        Assert.Equal(header with { PayloadLength = 28 }, decoded);
    }

    [Fact]
    public void Extension_header_data_must_agree_with_its_length()
    {
        Assert.Throws<ArgumentException>(() => new Ipv6ExtensionHeader(IpProtocol.Ipv6Fragment, IpProtocol.Udp, new byte[6]));
        Assert.Throws<ArgumentException>(() => new Ipv6ExtensionHeader(IpProtocol.Ipv6Route, IpProtocol.Udp, new byte[15]));
        Assert.Throws<ArgumentException>(() => new Ipv6ExtensionHeader(IpProtocol.Ah, IpProtocol.Udp, new byte[] { 1, 0, 0, 0, 0, 0, 0 }));
        Assert.Throws<ArgumentException>(() => new Ipv6ExtensionHeader(IpProtocol.Udp, IpProtocol.Udp, new byte[7]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ipv6Header(0, 0x10_0000, null, IpProtocol.Udp, 1, Source, Destination));
    }

    [Fact]
    public void Headers_compare_extension_chains_by_content()
    {
        Ipv6Header Build() => new(0, 0, null, IpProtocol.Ipv6DestinationOptions, 64, Source, Destination,
            [Ipv6ExtensionHeader.CreateOptions(IpProtocol.Ipv6DestinationOptions, IpProtocol.Udp, [])]);
        Assert.Equal(Build(), Build());
        Assert.Equal(Build().GetHashCode(), Build().GetHashCode());
        var plain = new Ipv6Header(0, 0, null, IpProtocol.Udp, 64, Source, Destination);
        Assert.True(plain.ExtensionHeaders.IsEmpty);
        Assert.Equal(plain, plain with { ExtensionHeaders = [] });
        Assert.Equal(IpProtocol.Udp, plain.UpperLayerProtocol);
    }

    [Fact]
    public void Ipv6_json_lists_extension_headers_with_hex_data()
    {
        Assert.True(Ipv6Header.TryDecode(EchoWithRoutingHeader, out var header, out _));
        Assert.Equal(
            """{"trafficClass":0,"flowLabel":0,"payloadLength":32,"nextHeader":43,"nextHeaderName":"ipv6-route","hopLimit":4,"source":"2200::244:212:3fff:feae:22f7","destination":"2200::240:2:0:0:4","extensionHeaders":[{"kind":43,"kindName":"ipv6-route","nextHeader":58,"nextHeaderName":"icmpv6","data":"0200010000000022000000000002100002000000000004"}],"upperLayerProtocol":58,"upperLayerProtocolName":"icmpv6"}""",
            EthernetTests.Json(header.WriteJson));
    }

    [Fact]
    public void Ipv6_header_emit_then_decode_is_identity()
    {
        Prop.ForAll(Arb.From(L23Generators.Ipv6Header), Arb.From(Gen.Choose(0, 64)), (header, upperLength) =>
        {
            var bytes = new byte[header.Length + upperLength];
            header.Emit(bytes, upperLength);
            return Ipv6Header.TryDecode(bytes, out var decoded, out _) &&
                   decoded == header with { PayloadLength = (ushort)(bytes.Length - 40) };
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ipv6_prints_one_tcpdump_like_line()
    {
        Assert.True(Ipv6Header.TryDecode(MldWithHopByHop, out var header, out _));
        Assert.Equal("IP6 fe80::215:17ff:fecc:e546 > ff02::16: HopByHop Icmpv6 hlim 1 payload length 36", header.ToString());
    }

    [Fact]
    public void Ipv6_view_and_extension_walk_allocate_nothing()
    {
        static long Touch(byte[] bytes)
        {
            long sum = 0;
            for (var i = 0; i < 1000; i++)
            {
                Ipv6Packet.TryParse(bytes, out var p, out _);
                sum += p.Version + p.TrafficClass + p.FlowLabel + p.PayloadLength + (int)p.NextHeader + p.HopLimit +
                       (long)(ulong)p.Source.Value + (long)(ulong)p.Destination.Value + p.Payload.Length + (p.IsTruncated ? 1 : 0) +
                       p.ExtensionHeaderCount + p.ExtensionHeadersLength + (int)p.UpperLayerProtocol + p.UpperLayerOffset +
                       p.UpperLayerPayload.Length + (p.Fragment?.Identification ?? 0) + (p.IsNonFirstFragment ? 1 : 0) + (p.JumboPayloadLength ?? 0);
                var reader = p.ExtensionHeaders;
                while (reader.MoveNext())
                    sum += (int)reader.Kind + (int)reader.NextHeader + reader.Offset + reader.Header.Length;
            }
            return sum;
        }
        var fragment = Emit(new Ipv6Header(0, 0, null, IpProtocol.HopByHop, 64, Source, Destination,
        [
            Ipv6ExtensionHeader.CreateOptions(IpProtocol.HopByHop, IpProtocol.Ipv6Fragment, []),
            Ipv6ExtensionHeader.CreateFragment(IpProtocol.Udp, new Ipv6FragmentHeader(0, true, 1)),
        ]), 8);
        Touch(MldWithHopByHop);
        Touch(fragment);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Touch(MldWithHopByHop);
        Touch(EchoWithRoutingHeader);
        Touch(fragment);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] Emit(Ipv6Header header, int upperLayerLength)
    {
        var bytes = new byte[header.Length + upperLayerLength];
        header.Emit(bytes, upperLayerLength);
        return bytes;
    }
}
