using System.Buffers.Binary;
using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Tap;
using Xunit;

namespace Enet.Tests.Tap;

public class EthernetFramingTests
{
    private static readonly MacAddress Source = MacAddress.Parse("02:00:00:00:00:00");
    private static readonly byte[] Ipv4Packet = Convert.FromHexString("450000200000400040110000c0000201c000020200070007000c0000616263640000");
    private static readonly byte[] Ipv6Packet = [0x60, 0, 0, 0, 0, 0, 59, 64, .. new byte[32]];

    private static ReadOnlyMemory<byte> Framed(LinkType linkType, byte[] data)
    {
        Assert.True(EthernetFraming.TryToEthernet(new CapturedPacket(0, linkType, 0, data.Length, data), MacAddress.Broadcast, Source, out var frame));
        return frame;
    }

    private static void AssertCarries(ReadOnlyMemory<byte> frame, EtherType etherType, byte[] packet)
    {
        Assert.True(EthernetFrame.TryParse(frame.Span, out var ethernet, out _));
        Assert.Equal(MacAddress.Broadcast, ethernet.Destination);
        Assert.Equal(Source, ethernet.Source);
        Assert.Equal(etherType, ethernet.EtherType);
        Assert.Equal(packet, ethernet.Payload.ToArray());
    }

    [Fact]
    public void Ethernet_packets_pass_through_without_a_copy()
    {
        byte[] data = [.. new byte[12], 0x08, 0x00, .. Ipv4Packet];
        Assert.True(EthernetFraming.TryToEthernet(new CapturedPacket(0, LinkType.Ethernet, 0, data.Length, data), MacAddress.Broadcast, Source, out var frame));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame, out var segment) && segment.Array == data);
    }

    [Fact]
    public void Raw_ip_gets_the_ethertype_of_its_version_nibble()
    {
        AssertCarries(Framed(LinkType.Raw, Ipv4Packet), EtherType.Ipv4, Ipv4Packet);
        AssertCarries(Framed(LinkType.Raw, Ipv6Packet), EtherType.Ipv6, Ipv6Packet);
        AssertCarries(Framed(LinkType.Ipv4, Ipv4Packet), EtherType.Ipv4, Ipv4Packet);
        AssertCarries(Framed(LinkType.Ipv6, Ipv6Packet), EtherType.Ipv6, Ipv6Packet);
    }

    [Fact]
    public void Bsd_loopback_drops_its_address_family_word()
    {
        // AF_INET6 is 24, 28 or 30 depending on the BSD; the version nibble decides, not the number.
        AssertCarries(Framed(LinkType.Null, [30, 0, 0, 0, .. Ipv6Packet]), EtherType.Ipv6, Ipv6Packet);
        AssertCarries(Framed(LinkType.Null, [2, 0, 0, 0, .. Ipv4Packet]), EtherType.Ipv4, Ipv4Packet);
    }

    [Fact]
    public void Linux_cooked_headers_v1_and_v2_give_their_protocol()
    {
        var sll = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(sll.AsSpan(14), 0x0800);
        AssertCarries(Framed(LinkType.LinuxSll, [.. sll, .. Ipv4Packet]), EtherType.Ipv4, Ipv4Packet);
        var sll2 = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(sll2, 0x86DD);
        AssertCarries(Framed(LinkType.LinuxSll2, [.. sll2, .. Ipv6Packet]), EtherType.Ipv6, Ipv6Packet);
    }

    [Theory]
    [InlineData(LinkType.Raw, new byte[] { 0x50, 0, 0, 0 })] // version 5
    [InlineData(LinkType.Raw, new byte[0])]
    [InlineData(LinkType.LinuxSll, new byte[] { 1, 2, 3 })] // shorter than its header
    [InlineData(LinkType.LinuxSll, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x04, 0xAA })] // 802.2 pseudo-protocol
    [InlineData((LinkType)105, new byte[] { 0x08, 0x00 })] // 802.11
    public void Packets_that_cannot_be_carried_are_refused(LinkType linkType, byte[] data) =>
        Assert.False(EthernetFraming.TryToEthernet(new CapturedPacket(0, linkType, 0, data.Length, data), MacAddress.Broadcast, Source, out _));

    [Fact]
    public async Task A_raw_ip_capture_replays_as_ethernet_and_skips_what_it_cannot_carry()
    {
        var path = Path.Combine(Path.GetTempPath(), $"enet-raw-{Guid.NewGuid():n}.pcapng");
        try
        {
            using (var writer = new PcapngWriter(File.Create(path)))
            {
                var raw = writer.AddInterface(LinkType.Raw, "tun0");
                var wifi = writer.AddInterface((LinkType)105, "wlan0");
                writer.Write(new CapturedPacket(1, LinkType.Raw, raw, Ipv4Packet.Length, Ipv4Packet));
                writer.Write(new CapturedPacket(2, (LinkType)105, wifi, 4, new byte[4]));
                writer.Write(new CapturedPacket(3, LinkType.Raw, raw, Ipv6Packet.Length, Ipv6Packet));
            }
            using var link = PcapReplayLink.OpenCaptureFile(path);
            var frames = new List<byte[]>();
            await foreach (var frame in link.Received.ReadAllAsync())
            {
                frames.Add(frame.Span.ToArray());
                frame.Dispose();
            }
            await link.Completion.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(2, frames.Count);
            AssertCarries(frames[0], EtherType.Ipv4, Ipv4Packet);
            AssertCarries(frames[1], EtherType.Ipv6, Ipv6Packet);
            Assert.Equal(1, link.SkippedPackets);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
