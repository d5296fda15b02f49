using Enet.Codecs.Capture;
using Xunit;

namespace Enet.Tests.Codecs.Capture;

/// <summary>Files built by hand, field by field, in the byte orders other writers use.</summary>
public class CaptureByteOrderTests
{
    private static readonly byte[] Frame = [0xde, 0xad, 0xbe, 0xef, 0x01];

    private static CaptureBytes PcapHeader(bool bigEndian, uint magic, uint linkType = 1) =>
        new CaptureBytes(bigEndian).U32(magic).U16(2).U16(4).U32(0).U32(0).U32(65535).U32(linkType);

    [Theory]
    [InlineData(true, 0xA1B2C3D4u, 1_000_000_123_000L)]
    [InlineData(true, 0xA1B23C4Du, 1_000_000_000_123L)]
    [InlineData(false, 0xA1B2C3D4u, 1_000_000_123_000L)]
    [InlineData(false, 0xA1B23C4Du, 1_000_000_000_123L)]
    public void Pcap_reader_reads_either_byte_order_and_resolution(bool bigEndian, uint magic, long expected)
    {
        // pcap-savefile(5): the writer's byte order shows in how the magic number reads.
        var file = PcapHeader(bigEndian, magic).U32(1000).U32(123).U32(5).U32(60).Raw(Frame).ToArray();
        var read = CaptureContents.Read(file);
        Assert.Null(read.Error);
        var packet = Assert.Single(read.Packets);
        Assert.Equal(expected, packet.TimestampNanoseconds);
        Assert.Equal(60, packet.OriginalLength);
        Assert.Equal(Frame, packet.Data.ToArray());
        Assert.Equal(LinkType.Ethernet, packet.LinkType);
    }

    [Fact]
    public void Pcap_reader_carries_a_sub_second_field_of_a_second_or_more_into_the_seconds()
    {
        // timestamp_invalid_nano.pcap in the corpus has such records; adding keeps time monotonic.
        var file = PcapHeader(false, 0xA1B23C4D).U32(10).U32(1_500_000_000).U32(5).U32(5).Raw(Frame).ToArray();
        Assert.Equal(11_500_000_000L, CaptureContents.Read(file).Packets.Single().TimestampNanoseconds);
    }

    [Fact]
    public void Pcap_reader_keeps_the_link_type_from_the_low_16_bits()
    {
        // pcap-savefile(5): bits 26-31 of LinkType carry the FCS length, not the link type.
        var file = PcapHeader(true, 0xA1B2C3D4, 0x24000000 | 228).U32(1).U32(0).U32(5).U32(5).Raw(Frame).ToArray();
        Assert.Equal(LinkType.Ipv4, CaptureContents.Read(file).Packets.Single().LinkType);
    }

    [Fact]
    public void Pcap_reader_reads_the_modified_format_with_its_24_byte_record_header()
    {
        var file = PcapHeader(false, 0xA1B2CD34).U32(7).U32(1).U32(5).U32(5).U32(2).U16(0x0800).U16(0)
            .Raw(Frame).ToArray();
        var packet = CaptureContents.Read(file).Packets.Single();
        Assert.Equal(7_000_001_000L, packet.TimestampNanoseconds);
        Assert.Equal(Frame, packet.Data.ToArray());
    }

    [Fact]
    public void Big_endian_pcapng_reads_interfaces_resolutions_and_all_packet_blocks()
    {
        var file = new CaptureBytes(bigEndian: true)
            .SectionHeader()
            .InterfaceDescription(1, 0)
            .InterfaceDescription(101, 0, tsresol: 0x80 | 10)
            .EnhancedPacket(0, 5_000_001, Frame, originalLength: 64)
            .EnhancedPacket(1, 3 * 1024 + 512, Frame)
            .Block(0x00000BAD, b => b.U32(42).U32(43))
            .Block(3, b => b.U32(5).Raw(Frame))
            .Block(2, b => b.U16(0).U16(0).U32(0).U32(7).U32(5).U32(5).Raw(Frame))
            .ToArray();
        var read = CaptureContents.Read(file);
        Assert.Null(read.Error);
        Assert.Equal(4, read.Packets.Count);
        // Default if_tsresol is 6: microseconds.
        Assert.Equal((5_000_001_000L, LinkType.Ethernet, 0, 64), Summary(read.Packets[0]));
        // if_tsresol 0x8A: units of 2^-10 s, so 3.5 s.
        Assert.Equal((3_500_000_000L, LinkType.Raw, 1, 5), Summary(read.Packets[1]));
        // The simple packet block has no timestamp and belongs to the first interface.
        Assert.Equal((0L, LinkType.Ethernet, 0, 5), Summary(read.Packets[2]));
        Assert.Equal((7_000L, LinkType.Ethernet, 0, 5), Summary(read.Packets[3]));
        Assert.All(read.Packets, p => Assert.Equal(Frame, p.Data.ToArray()));
    }

    [Fact]
    public void Pcapng_sections_of_different_byte_orders_each_use_their_own_interfaces()
    {
        var little = new CaptureBytes(bigEndian: false).SectionHeader().InterfaceDescription(1, 0, tsresol: 9)
            .EnhancedPacket(0, 42, Frame);
        var big = new CaptureBytes(bigEndian: true).SectionHeader().InterfaceDescription(228, 0, tsresol: 3)
            .EnhancedPacket(0, 42, Frame);
        var read = CaptureContents.Read([.. little.ToArray(), .. big.ToArray()]);
        Assert.Null(read.Error);
        Assert.Equal((42L, LinkType.Ethernet, 0, 5), Summary(read.Packets[0]));
        Assert.Equal((42_000_000L, LinkType.Ipv4, 0, 5), Summary(read.Packets[1]));
    }

    [Fact]
    public void Pcapng_simple_packet_is_cut_to_the_interface_snapshot_length()
    {
        var file = new CaptureBytes(bigEndian: false).SectionHeader().InterfaceDescription(1, 3)
            .Block(3, b => b.U32(5).Raw(Frame)).ToArray();
        var packet = CaptureContents.Read(file).Packets.Single();
        Assert.Equal(Frame[..3], packet.Data.ToArray());
        Assert.Equal(5, packet.OriginalLength);
    }

    private static (long, LinkType, int, int) Summary(CapturedPacket p) =>
        (p.TimestampNanoseconds, p.LinkType, p.InterfaceId, p.OriginalLength);
}
