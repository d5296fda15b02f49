using Enet.Codecs;
using Enet.Codecs.Capture;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs.Capture;

/// <summary>Malformed files end in a <see cref="DecodeError"/> with a file offset: no exception, no hang,
/// no allocation a length field asked for.</summary>
public class CaptureHostileInputTests
{
    private static readonly byte[] Frame = [1, 2, 3, 4, 5, 6, 7, 8];

    private static byte[] PcapHeader() =>
        new CaptureBytes(false).U32(0xA1B2C3D4).U16(2).U16(4).U32(0).U32(0).U32(65535).U32(1).ToArray();

    private static CaptureBytes PcapngHeader() =>
        new CaptureBytes(false).SectionHeader().InterfaceDescription(1, 0);

    private static DecodeError ErrorOf(byte[] file)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var read = CaptureContents.Read(file);
        // A lying length must not turn into a big allocation: allow the file's own size and some slack.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 2 * file.Length + 512 * 1024);
        return Assert.NotNull(read.Error);
    }

    [Fact]
    public void Pcap_reader_reports_a_truncated_record_with_its_offset()
    {
        var record = new CaptureBytes(false).U32(1).U32(0).U32(8).U32(8).Raw(Frame).ToArray();
        var file = PcapHeader().Concat(record).Concat(record[..20]).ToArray();
        var read = CaptureContents.Read(file);
        Assert.Single(read.Packets);
        var error = Assert.NotNull(read.Error);
        Assert.Equal((Layer.Pcap, 24 + 24), (error.Layer, error.Offset));
        Assert.Contains("truncated", error.Reason);
    }

    [Fact]
    public void Pcap_reader_reports_a_truncated_record_header_with_its_offset()
    {
        var error = ErrorOf([.. PcapHeader(), 1, 2, 3]);
        Assert.Equal((Layer.Pcap, 24), (error.Layer, error.Offset));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(23)]
    public void Pcap_reader_reports_a_truncated_file_header(int length)
    {
        var error = CaptureContents.Read(new PcapReader(new MemoryStream(PcapHeader()[..length]))).Error;
        Assert.Equal(0, Assert.NotNull(error).Offset);
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x80000000u)]
    [InlineData(65535u + 256 * 1024 + 1)]
    public void Pcap_reader_rejects_an_incl_len_far_beyond_the_snapshot_length(uint inclLen)
    {
        var file = PcapHeader().Concat(new CaptureBytes(false).U32(1).U32(0).U32(inclLen).U32(8).Raw(Frame).ToArray()).ToArray();
        var error = ErrorOf(file);
        Assert.Equal((Layer.Pcap, 24 + 8), (error.Layer, error.Offset));
    }

    [Fact]
    public void Pcap_reader_rejects_an_unknown_version()
    {
        var file = PcapHeader();
        file[4] = 3;
        Assert.Equal(4, ErrorOf(file).Offset);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(1u)]
    [InlineData(13u)]
    [InlineData(30u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0xFFFFFFFCu)]
    public void Pcapng_reader_rejects_a_lying_block_length(uint length)
    {
        var header = PcapngHeader();
        var blockOffset = header.Length;
        var file = header.U32(6).U32(length).U32(0).U32(0).U32(0).U32(8).U32(8).Raw(Frame).U32(40).ToArray();
        var error = ErrorOf(file);
        Assert.Equal(Layer.Pcapng, error.Layer);
        Assert.InRange(error.Offset, blockOffset, file.Length);
    }

    [Fact]
    public void Pcapng_reader_reports_a_truncated_final_block_with_its_offset()
    {
        var header = PcapngHeader();
        var blockOffset = header.Length;
        var file = header.EnhancedPacket(0, 1, Frame).ToArray();
        var error = ErrorOf(file[..^5]);
        Assert.Equal((Layer.Pcapng, blockOffset), (error.Layer, error.Offset));
        Assert.Contains("truncated", error.Reason);
    }

    [Fact]
    public void Pcapng_reader_rejects_a_captured_length_beyond_its_block()
    {
        var header = PcapngHeader();
        var blockOffset = header.Length;
        var file = header.Block(6, b => b.U32(0).U32(0).U32(0).U32(0xFFFFFF00).U32(8).Raw(Frame)).ToArray();
        Assert.Equal(blockOffset + 20, ErrorOf(file).Offset);
    }

    [Fact]
    public void Pcapng_reader_rejects_packets_of_undescribed_interfaces_and_overrunning_options()
    {
        var header = PcapngHeader();
        Assert.Contains("interface 3", ErrorOf(header.EnhancedPacket(3, 1, Frame).ToArray()).Reason);
        var options = new CaptureBytes(false).SectionHeader().Block(1, b => b.U16(1).U16(0).U32(0).U16(2).U16(200).U32(0));
        Assert.Contains("overruns", ErrorOf(options.ToArray()).Reason);
    }

    [Fact]
    public void Pcapng_reader_rejects_a_mismatched_trailing_length_and_a_bad_byte_order_magic()
    {
        var file = PcapngHeader().EnhancedPacket(0, 1, Frame).ToArray();
        file[^4] ^= 4;
        Assert.Contains("trailing", ErrorOf(file).Reason);
        var shb = PcapngHeader().ToArray();
        shb[8] = 0x11;
        Assert.Equal(8, ErrorOf(shb).Offset);
    }

    [Fact]
    public void Unknown_magic_is_reported_by_TryOpen_and_by_the_first_read()
    {
        byte[] file = [.. "GIF89a"u8, 0, 0];
        Assert.False(CaptureFile.TryOpen(new MemoryStream(file), out var reader, out var error));
        Assert.Contains("magic", error.Value.Reason);
        Assert.Equal(error, CaptureContents.Read(reader).Error);
        Assert.Equal(error, CaptureContents.Read(file).Error);
        Assert.Equal(0, Assert.NotNull(CaptureContents.Read([0xa1]).Error).Offset);
    }

    [Fact]
    public void Random_bytes_after_a_valid_header_end_in_packets_or_an_error()
    {
        var pcapng = PcapngHeader().ToArray();
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary(), Gen.Elements(true, false).ToArbitrary(),
            (tail, classic) =>
            {
                byte[] file = [.. classic ? PcapHeader() : pcapng, .. tail];
                var read = CaptureContents.Read(file, maxPackets: file.Length);
                if (read.Error is { } error)
                    Assert.InRange(error.Offset, 0, file.Length);
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_corruption_of_a_valid_file_never_throws()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            writer.AddInterface(LinkType.Ethernet, "eth0");
            for (var i = 0; i < 5; i++)
                writer.Write(0, i * 1000L, Frame);
        }
        var valid = stream.ToArray();
        Prop.ForAll(Gen.Choose(0, valid.Length - 1).ToArbitrary(), Gen.Choose(0, 255).ToArbitrary(), (at, value) =>
        {
            var file = (byte[])valid.Clone();
            file[at] = (byte)value;
            CaptureContents.Read(file, maxPackets: 10);
        }).QuickCheckThrowOnFailure();
    }
}
