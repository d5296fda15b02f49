using Enet.Codecs.Capture;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs.Capture;

public class CaptureRoundTripTests
{
    /// <summary>2024-05-01T12:00:00.123456789Z: a timestamp whose last three digits a µs file loses.</summary>
    private const long Nanoseconds = 1_714_564_800_123_456_789;

    private static readonly byte[][] Frames = [[1, 2, 3], [], [.. Enumerable.Range(0, 1514).Select(i => (byte)i)]];

    private static byte[] WritePcap(PcapTimestampResolution resolution, IEnumerable<CapturedPacket> packets, LinkType linkType = LinkType.Ethernet)
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, linkType, resolution, leaveOpen: true))
            foreach (var packet in packets)
                writer.Write(packet);
        return stream.ToArray();
    }

    private static byte[] WritePcapng(IEnumerable<CapturedPacket> packets, params LinkType[] interfaces)
    {
        var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, leaveOpen: true))
        {
            foreach (var linkType in interfaces)
                writer.AddInterface(linkType, $"tap{linkType}");
            foreach (var packet in packets)
                writer.Write(packet);
        }
        return stream.ToArray();
    }

    private static void AssertSame(IReadOnlyList<CapturedPacket> expected, CaptureContents actual, bool microseconds = false)
    {
        Assert.Null(actual.Error);
        Assert.Equal(expected.Count, actual.Packets.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var got = actual.Packets[i];
            Assert.Equal(microseconds ? want.TimestampNanoseconds / 1000 * 1000 : want.TimestampNanoseconds, got.TimestampNanoseconds);
            Assert.Equal(want.LinkType, got.LinkType);
            Assert.Equal(want.InterfaceId, got.InterfaceId);
            Assert.Equal(want.OriginalLength, got.OriginalLength);
            Assert.Equal(want.Data.ToArray(), got.Data.ToArray());
        }
    }

    private static List<CapturedPacket> Packets(LinkType linkType = LinkType.Ethernet) =>
        [.. Frames.Select((f, i) => new CapturedPacket(Nanoseconds + i * 1_000_001L, linkType, 0, f.Length + i, f))];

    [Fact]
    public void Nanosecond_pcap_round_trips_timestamps_data_and_lengths()
    {
        var packets = Packets();
        AssertSame(packets, CaptureContents.Read(WritePcap(PcapTimestampResolution.Nanoseconds, packets)));
    }

    [Fact]
    public void Microsecond_pcap_truncates_timestamps_to_the_microsecond()
    {
        var file = WritePcap(PcapTimestampResolution.Microseconds, Packets());
        var read = CaptureContents.Read(file);
        Assert.Equal(1_714_564_800_123_456_000, read.Packets[0].TimestampNanoseconds);
        AssertSame(Packets(), read, microseconds: true);
    }

    [Fact]
    public void Pcapng_round_trips_interfaces_timestamps_data_and_lengths()
    {
        List<CapturedPacket> packets =
        [
            new(Nanoseconds, LinkType.Ethernet, 0, 3, new byte[] { 1, 2, 3 }),
            new(Nanoseconds + 1, LinkType.Raw, 1, 9, new byte[] { 0x45, 0, 0, 5, 9 }),
            new(Nanoseconds + 2, LinkType.Ethernet, 0, 0, Array.Empty<byte>()),
        ];
        AssertSame(packets, CaptureContents.Read(WritePcapng(packets, LinkType.Ethernet, LinkType.Raw)));
    }

    [Fact]
    public void Pcap_writer_cuts_frames_at_the_snapshot_length_and_keeps_the_original_length()
    {
        var stream = new MemoryStream();
        using (var writer = new PcapWriter(stream, LinkType.Raw, snapLength: 4, leaveOpen: true))
            writer.Write(Nanoseconds, [1, 2, 3, 4, 5, 6]);
        var read = CaptureContents.Read(stream.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, read.Packets.Single().Data.ToArray());
        Assert.Equal(6, read.Packets.Single().OriginalLength);
        Assert.Equal(LinkType.Raw, read.Packets.Single().LinkType);
    }

    [Fact]
    public void Timestamp_converts_to_a_DateTimeOffset_at_tick_precision()
    {
        var packet = new CapturedPacket(Nanoseconds, LinkType.Ethernet, 0, 0, default);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), packet.Timestamp);
    }

    [Fact]
    public void Writers_start_with_the_documented_magic_numbers()
    {
        Assert.Equal(new byte[] { 0x4d, 0x3c, 0xb2, 0xa1 }, WritePcap(PcapTimestampResolution.Nanoseconds, [])[..4]);
        Assert.Equal(new byte[] { 0xd4, 0xc3, 0xb2, 0xa1 }, WritePcap(PcapTimestampResolution.Microseconds, [])[..4]);
        // linux-tap-and-captures.md 6: the SHB tshark accepted, then our shb_userappl "enet".
        var shb = WritePcapng([]);
        Assert.Equal(Convert.FromHexString("0a0d0d0a280000004d3c2b1a01000000ffffffffffffffff0400040065" + "6e6574" + "0000000028000000"), shb);
    }

    [Fact]
    public void Random_packet_lists_round_trip_through_all_three_writers()
    {
        var packet =
            from timestamp in Gen.Choose(0, int.MaxValue).Select(t => t * 1_999_999_937L)
            from linkType in Gen.Elements(LinkType.Ethernet, LinkType.Raw)
            from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
            from extra in Gen.Choose(0, 100)
            select new CapturedPacket(timestamp, linkType, linkType == LinkType.Raw ? 1 : 0, data.Length + extra, data);
        Prop.ForAll(Gen.ListOf(packet).ToArbitrary(), packets =>
        {
            var ethernet = packets.Where(p => p.LinkType == LinkType.Ethernet).Select(p => p with { InterfaceId = 0 }).ToList();
            AssertSame(ethernet, CaptureContents.Read(WritePcap(PcapTimestampResolution.Nanoseconds, ethernet)));
            AssertSame(ethernet, CaptureContents.Read(WritePcap(PcapTimestampResolution.Microseconds, ethernet)), microseconds: true);
            AssertSame(packets, CaptureContents.Read(WritePcapng(packets, LinkType.Ethernet, LinkType.Raw)));
        }).QuickCheckThrowOnFailure();
    }
}
