using System.Text;
using System.Text.Json;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class EthernetTests
{
    /// <summary>802.1ad_QinQ.pcap frame 1 (tcpdump test corpus): S-tag 200, C-tag 2001, ARP request
    /// 172.21.79.97 asks for 172.21.79.100 (fields checked with tshark).</summary>
    internal static readonly byte[] QinQArpFrame = Convert.FromHexString(
        "ffffffffffff0020d25afb3f88a800c8810007d1080600010800060400010020d25afb3fac154f61000000000000ac154f640000000000000000000000000000");

    [Fact]
    public void QinQ_frame_from_capture_decodes_both_tags()
    {
        Assert.True(EthernetFrame.TryParse(QinQArpFrame, out var frame, out _));
        Assert.Equal(MacAddress.Broadcast, frame.Destination);
        Assert.Equal("00:20:d2:5a:fb:3f", frame.Source.ToString());
        Assert.Equal(2, frame.TagCount);
        Assert.Equal(new VlanTag(VlanTag.ServiceTpid, 0, false, 200), frame.Tag(0));
        Assert.Equal(new VlanTag(VlanTag.CustomerTpid, 0, false, 2001), frame.Tag(1));
        Assert.Equal(EtherType.Arp, frame.EtherType);
        Assert.Equal(22, frame.HeaderLength);
        Assert.Equal(QinQArpFrame.Length - 22, frame.Payload.Length);
    }

    [Fact]
    public void Ethernet_header_from_capture_round_trips_byte_exact()
    {
        Assert.True(EthernetHeader.TryDecode(QinQArpFrame, out var header, out _));
        var emitted = new byte[header.Length];
        header.Emit(emitted);
        Assert.Equal(QinQArpFrame[..22], emitted);
    }

    [Fact]
    public void Vlan_tag_packs_priority_dei_and_id_into_the_tci()
    {
        var bytes = new byte[4];
        new VlanTag(VlanTag.CustomerTpid, 5, true, 0xABC).Write(bytes);
        Assert.Equal("8100babc", Convert.ToHexStringLower(bytes));
        Assert.Equal(new VlanTag(VlanTag.CustomerTpid, 5, true, 0xABC), VlanTag.Read(bytes));
    }

    [Fact]
    public void Vlan_tag_rejects_out_of_range_fields()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VlanTag(VlanTag.CustomerTpid, 8, false, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VlanTag(VlanTag.CustomerTpid, 0, false, 0x1000));
    }

    [Fact]
    public void Legacy_0x9100_outer_tag_is_a_tag()
    {
        var frame = Frame("9100 0064 8100 0065 0800");
        Assert.True(EthernetFrame.TryParse(frame, out var view, out _));
        Assert.Equal(2, view.TagCount);
        Assert.Equal(VlanTag.LegacyServiceTpid, view.Tag(0).Tpid);
        Assert.Equal(100, view.Tag(0).VlanId);
        Assert.Equal(EtherType.Ipv4, view.EtherType);
    }

    [Fact]
    public void Ieee_802_3_length_field_is_decoded_and_kept_as_is()
    {
        var frame = Frame("0026 4242 03");
        Assert.True(EthernetHeader.TryDecode(frame, out var header, out _));
        Assert.Equal((EtherType)0x0026, header.EtherType);
        Assert.True(EthernetFrame.TryParse(frame, out var view, out _));
        Assert.True(view.IsLengthField);
        Assert.Equal("424203", Convert.ToHexStringLower(view.Payload));
    }

    [Fact]
    public void Unknown_ether_type_is_reported_with_its_payload_as_bytes()
    {
        Assert.True(EthernetFrame.TryParse(Frame("88cc 0102"), out var view, out _));
        Assert.Equal((EtherType)0x88CC, view.EtherType);
        Assert.False(view.IsLengthField);
        Assert.Equal("0102", Convert.ToHexStringLower(view.Payload));
    }

    [Fact]
    public void More_than_four_tags_is_an_error_at_the_fifth()
    {
        Assert.False(EthernetFrame.TryParse(Frame("8100 0001 8100 0002 8100 0003 8100 0004 8100 0005 0800"), out _, out var error));
        Assert.Equal(Layer.Vlan, error.Layer);
        Assert.Equal(28, error.Offset);
    }

    [Theory]
    [InlineData("08", Layer.Ethernet, 0)]
    [InlineData("8100 00", Layer.Vlan, 12)]
    [InlineData("88a8 0001 8100", Layer.Vlan, 16)]
    public void Truncated_header_or_tag_is_an_error(string tail, Layer layer, int offset)
    {
        Assert.False(EthernetFrame.TryParse(Frame(tail), out _, out var error));
        Assert.Equal(layer, error.Layer);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Default_tags_read_as_empty_and_headers_compare_by_content()
    {
        var source = MacAddress.Parse("02:00:00:00:00:01");
        var plain = new EthernetHeader(MacAddress.Broadcast, source, EtherType.Ipv4);
        Assert.True(plain.Tags.IsEmpty);
        Assert.Equal(14, plain.Length);
        Assert.Equal(plain, new EthernetHeader(MacAddress.Broadcast, source, EtherType.Ipv4, []));
        var tagged = plain with { Tags = [VlanTag.Customer(7)] };
        Assert.Equal(tagged, plain with { Tags = [VlanTag.Customer(7)] });
        Assert.Equal(tagged.GetHashCode(), (plain with { Tags = [VlanTag.Customer(7)] }).GetHashCode());
        Assert.NotEqual(plain, tagged);
    }

    [Fact]
    public void Ethernet_header_emit_then_decode_is_identity()
    {
        Prop.ForAll(Arb.From(L23Generators.Ethernet), header =>
        {
            var bytes = new byte[header.Length];
            header.Emit(bytes);
            return EthernetHeader.TryDecode(bytes, out var decoded, out _) && decoded == header;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ethernet_json_has_addresses_tags_and_type_name()
    {
        Assert.True(EthernetHeader.TryDecode(QinQArpFrame, out var header, out _));
        Assert.Equal(
            """{"destination":"ff:ff:ff:ff:ff:ff","source":"00:20:d2:5a:fb:3f","tags":[{"tpid":34984,"priority":0,"dropEligible":false,"vlanId":200},{"tpid":33024,"priority":0,"dropEligible":false,"vlanId":2001}],"etherType":2054,"etherTypeName":"arp"}""",
            Json(header.WriteJson));
        Assert.Contains("\"etherType\":35020,\"etherTypeName\":null", Json((header with { EtherType = (EtherType)0x88CC }).WriteJson));
    }

    [Fact]
    public void Ethernet_header_prints_one_tcpdump_like_line()
    {
        Assert.True(EthernetHeader.TryDecode(QinQArpFrame, out var header, out _));
        Assert.Equal("00:20:d2:5a:fb:3f > ff:ff:ff:ff:ff:ff, vlan 200 p 0 tpid 0x88a8, vlan 2001 p 0 tpid 0x8100, ethertype Arp (0x0806)",
            header.ToString());
    }

    [Fact]
    public void Ethernet_view_allocates_nothing()
    {
        static long Touch(byte[] frame)
        {
            long sum = 0;
            for (var i = 0; i < 1000; i++)
            {
                EthernetFrame.TryParse(frame, out var view, out _);
                sum += (long)view.Destination.Value + (long)view.Source.Value + view.TagCount + (int)view.EtherType +
                       view.HeaderLength + view.Payload.Length + view.Header.Length + (view.IsLengthField ? 1 : 0);
                for (var t = 0; t < view.TagCount; t++)
                    sum += view.Tag(t).VlanId;
            }
            return sum;
        }
        Touch(QinQArpFrame);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Touch(QinQArpFrame);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A frame from broadcast to 02:00:00:00:00:01 followed by <paramref name="tail"/> (hex, spaces ignored).</summary>
    private static byte[] Frame(string tail) =>
        Convert.FromHexString("ffffffffffff020000000001" + tail.Replace(" ", ""));

    internal static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
