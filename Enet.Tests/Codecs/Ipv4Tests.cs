using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class Ipv4Tests
{
    /// <summary>IGMP_V2.pcap frame 2 (tcpdump test corpus) from byte 14: IHL 6 with a Router Alert option
    /// (RFC 2113), id 0x8c62, TTL 1, 192.168.1.64 to 239.255.255.250, checksum 0xe692 (fields checked with tshark).</summary>
    private static readonly byte[] IgmpWithRouterAlert = Convert.FromHexString(
        "460000208c6200000102e692c0a80140effffffa940400001600fa04effffffa");

    /// <summary>The header most checksum write-ups use (UDP 192.168.0.1 to 192.168.0.199, checksum 0xb861).</summary>
    private static readonly byte[] TextbookHeader = Convert.FromHexString("450000730000400040 11b861c0a80001c0a800c7".Replace(" ", ""));

    [Fact]
    public void Ipv4_from_capture_decodes_every_field()
    {
        Assert.True(Ipv4Packet.TryParse(IgmpWithRouterAlert, out var p, out _));
        Assert.Equal(4, p.Version);
        Assert.Equal(24, p.HeaderLength);
        Assert.Equal(0, p.Dscp);
        Assert.Equal(0, p.Ecn);
        Assert.Equal(32, p.TotalLength);
        Assert.Equal(0x8c62, p.Identification);
        Assert.False(p.ReservedFlag || p.DontFragment || p.MoreFragments || p.IsFragment);
        Assert.Equal(0, p.FragmentOffset);
        Assert.Equal(1, p.Ttl);
        Assert.Equal(IpProtocol.Igmp, p.Protocol);
        Assert.Equal(0xe692, p.Checksum);
        Assert.Equal(ChecksumStatus.Good, p.VerifyChecksum());
        Assert.Equal(Ipv4Address.Parse("192.168.1.64"), p.Source);
        Assert.Equal(Ipv4Address.Parse("239.255.255.250"), p.Destination);
        Assert.Equal("94040000", Convert.ToHexStringLower(p.Options));
        Assert.Equal("1600fa04effffffa", Convert.ToHexStringLower(p.Payload));
        Assert.False(p.IsTruncated);
    }

    [Fact]
    public void Ipv4_options_round_trip_byte_exact()
    {
        Assert.True(Ipv4Header.TryDecode(IgmpWithRouterAlert, out var header, out _));
        Assert.Equal(24, header.Length);
        var emitted = new byte[header.Length];
        header.Emit(emitted, 8);
        Assert.Equal(IgmpWithRouterAlert[..24], emitted);
    }

    [Fact]
    public void Ipv4_emit_computes_total_length_and_the_textbook_checksum()
    {
        var header = Ipv4Header.Create(Ipv4Address.Parse("192.168.0.1"), Ipv4Address.Parse("192.168.0.199"), IpProtocol.Udp,
            ttl: 64, dontFragment: true);
        var bytes = new byte[20];
        header.Emit(bytes, 0x73 - 20);
        Assert.Equal(TextbookHeader, bytes);
    }

    [Fact]
    public void Wrong_checksum_is_reported_and_re_emitted_unchanged()
    {
        var bytes = IgmpWithRouterAlert.ToArray();
        bytes[11] ^= 0xFF;
        Assert.True(Ipv4Packet.TryParse(bytes, out var p, out _));
        Assert.Equal(ChecksumStatus.Bad, p.VerifyChecksum());
        Assert.True(Ipv4Header.TryDecode(bytes, out var header, out _));
        var emitted = new byte[header.Length];
        header.Emit(emitted, 0);
        Assert.Equal(bytes[..24], emitted);
        var recomputed = new byte[header.Length];
        (header with { Checksum = null }).Emit(recomputed, 0);
        Assert.Equal(IgmpWithRouterAlert[..24], recomputed);
    }

    [Fact]
    public void Flags_reserved_bit_and_fragment_offset_decode_and_round_trip()
    {
        var bytes = TextbookHeader.ToArray();
        bytes[6] = 0xA0 | 0x01;
        bytes[7] = 0x02;
        Assert.True(Ipv4Packet.TryParse(bytes, out var p, out _));
        Assert.True(p.ReservedFlag);
        Assert.False(p.DontFragment);
        Assert.True(p.MoreFragments);
        Assert.Equal(0x102, p.FragmentOffset);
        Assert.Equal(0x102 * 8, p.FragmentByteOffset);
        Assert.True(p.IsFragment);
        Assert.True(Ipv4Header.TryDecode(bytes, out var header, out _));
        Assert.True(header.IsFragment);
        var emitted = new byte[20];
        header.Emit(emitted, 0);
        Assert.Equal(bytes[..20], emitted);
    }

    [Theory]
    [InlineData("45000014", 19, 0)]
    [InlineData("65000014", 20, 0)]
    [InlineData("44000014", 20, 0)]
    [InlineData("46000018", 20, 0)]
    [InlineData("45000013", 20, 2)]
    public void Malformed_header_is_an_error_at_the_bad_field(string start, int length, int offset)
    {
        var bytes = new byte[length];
        Convert.FromHexString(start).CopyTo(bytes, 0);
        Assert.False(Ipv4Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(Layer.Ipv4, error.Layer);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Tso_total_length_zero_is_reported_and_the_input_is_not_mutated()
    {
        // PacketDotNet's IPv4Packet overwrites a zero total length with the captured length (linux-tap-and-captures 9).
        var bytes = TextbookHeader.Concat(new byte[100]).ToArray();
        bytes[2] = 0;
        bytes[3] = 0;
        var before = bytes.ToArray();
        Assert.False(Ipv4Packet.TryParse(bytes, out _, out var error));
        Assert.Equal(new DecodeError(Layer.Ipv4, 2, error.Reason), error);
        Assert.False(Ipv4Header.TryDecode(bytes, out _, out _));
        Assert.Equal(before, bytes);
    }

    [Fact]
    public void Total_length_beyond_the_capture_is_truncation_not_an_error()
    {
        Assert.True(Ipv4Packet.TryParse(TextbookHeader.Concat(new byte[10]).ToArray(), out var p, out _));
        Assert.True(p.IsTruncated);
        Assert.Equal(10, p.Payload.Length);
    }

    [Fact]
    public void Ethernet_padding_after_total_length_is_not_payload()
    {
        var bytes = IgmpWithRouterAlert.Concat(new byte[14]).ToArray();
        Assert.True(Ipv4Packet.TryParse(bytes, out var p, out _));
        Assert.False(p.IsTruncated);
        Assert.Equal(8, p.Payload.Length);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(44)]
    public void Options_not_a_whole_number_of_words_are_a_construction_error(int length)
    {
        var header = Ipv4Header.Create(Ipv4Address.Any, Ipv4Address.Broadcast, IpProtocol.Udp);
        Assert.Throws<ArgumentException>(() => header with { Options = new byte[length] });
        Assert.Throws<ArgumentException>(() => new Ipv4Header(0, 0, null, 0, false, false, false, 0, 64, IpProtocol.Udp, null,
            Ipv4Address.Any, Ipv4Address.Any, new byte[length]));
    }

    [Fact]
    public void Computed_total_length_over_65535_is_a_programming_error()
    {
        var header = Ipv4Header.Create(Ipv4Address.Any, Ipv4Address.Broadcast, IpProtocol.Udp);
        Assert.Throws<ArgumentOutOfRangeException>(() => header.Emit(new byte[20], 65516));
        header.Emit(new byte[20], 65515);
    }

    [Fact]
    public void Headers_with_equal_options_in_different_buffers_are_equal()
    {
        var header = Ipv4Header.Create(Ipv4Address.Any, Ipv4Address.Broadcast, IpProtocol.Udp);
        Assert.Equal(header with { Options = new byte[] { 1, 1, 1, 0 } }, header with { Options = new byte[] { 1, 1, 1, 0 } });
        Assert.Equal((header with { Options = new byte[] { 1, 1, 1, 0 } }).GetHashCode(), (header with { Options = new byte[] { 1, 1, 1, 0 } }).GetHashCode());
    }

    [Fact]
    public void Ipv4_json_gives_numbers_with_names_text_addresses_flag_arrays_and_hex_options()
    {
        Assert.True(Ipv4Header.TryDecode(IgmpWithRouterAlert, out var header, out _));
        Assert.Equal(
            """{"dscp":0,"ecn":0,"totalLength":32,"identification":35938,"flags":[],"fragmentOffset":0,"ttl":1,"protocol":2,"protocolName":"igmp","checksum":59026,"source":"192.168.1.64","destination":"239.255.255.250","options":"94040000"}""",
            EthernetTests.Json(header.WriteJson));
    }

    [Fact]
    public void Ipv4_header_emit_then_decode_is_identity()
    {
        Prop.ForAll(Arb.From(L23Generators.Ipv4Header), Arb.From(Gen.Choose(0, 100)), (header, payloadLength) =>
        {
            var bytes = new byte[header.Length + payloadLength];
            header.Emit(bytes, payloadLength);
            return Ipv4Header.TryDecode(bytes, out var decoded, out _) &&
                   decoded == header with { TotalLength = (ushort)bytes.Length, Checksum = decoded.Checksum } &&
                   (header.Checksum is not null || Ipv4Packet.TryParse(bytes, out var p, out _) && p.VerifyChecksum() == ChecksumStatus.Good);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ipv4_prints_one_tcpdump_like_line()
    {
        Assert.True(Ipv4Header.TryDecode(IgmpWithRouterAlert, out var header, out _));
        Assert.Equal("IP 192.168.1.64 > 239.255.255.250: Igmp ttl 1 id 35938 length 32 options 94040000", header.ToString());
    }

    [Fact]
    public void Ipv4_view_allocates_nothing()
    {
        static long Touch(byte[] bytes)
        {
            long sum = 0;
            for (var i = 0; i < 1000; i++)
            {
                Ipv4Packet.TryParse(bytes, out var p, out _);
                sum += p.Version + p.HeaderLength + p.Dscp + p.Ecn + p.TotalLength + p.Identification +
                       (p.ReservedFlag ? 1 : 0) + (p.DontFragment ? 1 : 0) + (p.MoreFragments ? 1 : 0) + p.FragmentOffset +
                       p.FragmentByteOffset + (p.IsFragment ? 1 : 0) + p.Ttl + (int)p.Protocol + p.Checksum + p.Source.Value +
                       p.Destination.Value + p.Header.Length + p.Options.Length + p.Payload.Length + (p.IsTruncated ? 1 : 0) +
                       (int)p.VerifyChecksum();
            }
            return sum;
        }
        Touch(IgmpWithRouterAlert);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Touch(IgmpWithRouterAlert);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
