using System.Diagnostics;
using System.Text.Json;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class UdpTests
{
    // dns_udp.pcap frame 1: 192.168.1.11:43966 -> 209.87.249.18:53, length 64, checksum 0x7824 (good per tshark).
    private static readonly byte[] DnsQuery = Convert.FromHexString(
        "abbe003500407824593401200001000000000001037777770774637064756d70036f72670000010001000029100000000000000c000a000842f5d00996f90b13");

    private static readonly uint DnsPseudoHeader =
        InternetChecksum.PseudoHeader(new Ipv4Address(192, 168, 1, 11), new Ipv4Address(209, 87, 249, 18), IpProtocol.Udp, DnsQuery.Length);

    private static byte[] Emit(UdpDatagram datagram, uint pseudoHeaderSum)
    {
        var bytes = new byte[datagram.Length];
        datagram.Emit(bytes, pseudoHeaderSum);
        return bytes;
    }

    [Fact]
    public void Captured_dns_query_decodes_verifies_and_round_trips()
    {
        Assert.True(UdpPacket.TryParse(DnsQuery, out var packet, out _));
        Assert.Equal((ushort)43966, packet.SourcePort);
        Assert.Equal((ushort)53, packet.DestinationPort);
        Assert.Equal((ushort)64, packet.Length);
        Assert.Equal(56, packet.Payload.Length);
        Assert.False(packet.IsTruncated);
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum(DnsPseudoHeader));
        Assert.True(UdpDatagram.TryDecode(DnsQuery, out var datagram, out _));
        Assert.Equal(DnsQuery, Emit(datagram, 0));
    }

    [Fact]
    public void Rebuilt_dns_query_gets_the_captured_checksum()
    {
        var built = UdpDatagram.Create(43966, 53, DnsQuery[8..]);
        Assert.Equal(DnsQuery, Emit(built, DnsPseudoHeader));
    }

    [Fact]
    public void Captured_ipv6_datagram_verifies_and_rebuilds_with_the_ipv6_pseudo_header()
    {
        // LINKTYPE_RAW_ipv6.pcap frame 1: [2001:db8::1]:12345 -> [2620:fe::9]:53, checksum 0x98b3 (good per tshark).
        var captured = Convert.FromHexString("30390035002598b3123401000001000000000000076578616d706c6503636f6d0000010001");
        var sum = InternetChecksum.PseudoHeader(Ipv6Address.Parse("2001:db8::1"), Ipv6Address.Parse("2620:fe::9"), IpProtocol.Udp, captured.Length);
        Assert.True(UdpPacket.TryParse(captured, out var packet, out _));
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum(sum));
        Assert.Equal(captured, Emit(UdpDatagram.Create(12345, 53, captured[8..]), sum));
    }

    [Fact]
    public void Bytes_beyond_the_length_field_are_not_part_of_the_datagram()
    {
        byte[] padded = [.. DnsQuery, 0, 0, 0, 0];
        Assert.True(UdpDatagram.TryDecode(padded, out var datagram, out _));
        Assert.Equal(DnsQuery, Emit(datagram, 0));
    }

    [Fact]
    public void Length_beyond_the_buffer_is_truncated_not_an_error()
    {
        Assert.True(UdpPacket.TryParse(DnsQuery.AsSpan(0, 20), out var packet, out _));
        Assert.True(packet.IsTruncated);
        Assert.Equal(12, packet.Payload.Length);
        Assert.True(UdpDatagram.TryDecode(DnsQuery.AsSpan(0, 20), out var datagram, out _));
        Assert.Equal(DnsQuery[..20], Emit(datagram, 0));
    }

    [Fact]
    public void Fewer_than_8_bytes_or_a_length_below_8_is_a_decode_error()
    {
        Assert.False(UdpPacket.TryParse(DnsQuery.AsSpan(0, 7), out _, out var error));
        Assert.Equal(Layer.Udp, error.Layer);
        var bytes = (byte[])DnsQuery.Clone();
        bytes[4] = 0;
        bytes[5] = 7;
        Assert.False(UdpPacket.TryParse(bytes, out _, out error));
        Assert.Equal(4, error.Offset);
    }

    [Fact]
    public void Zero_checksum_is_reported_absent_for_the_caller_to_judge()
    {
        var bytes = (byte[])DnsQuery.Clone();
        bytes[6] = bytes[7] = 0;
        Assert.True(UdpPacket.TryParse(bytes, out var packet, out _));
        Assert.Equal(ChecksumStatus.Absent, packet.VerifyChecksum(DnsPseudoHeader));
    }

    [Fact]
    public void Computed_checksum_of_zero_is_sent_as_all_ones()
    {
        // RFC 768: choose a payload word that makes the sum come out at 0xFFFF, whose complement is 0.
        var probe = UdpDatagram.Create(1, 2, new byte[2]);
        var bytes = Emit(probe, 0);
        var checksum = (ushort)(bytes[6] << 8 | bytes[7]);
        var zeroing = UdpDatagram.Create(1, 2, new[] { (byte)(checksum >> 8), (byte)checksum });
        var emitted = Emit(zeroing, 0);
        Assert.Equal(0xFF, emitted[6]);
        Assert.Equal(0xFF, emitted[7]);
        Assert.True(UdpPacket.TryParse(emitted, out var packet, out _));
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum(0));
    }

    [Fact]
    public void Built_datagram_checksum_verifies_over_ipv4_and_ipv6()
    {
        Prop.ForAll<ushort, ushort, byte[]>((source, destination, payload) =>
        {
            var datagram = UdpDatagram.Create(source, destination, payload);
            uint[] sums =
            [
                InternetChecksum.PseudoHeader(new Ipv4Address(10, 0, 0, 1), new Ipv4Address(10, 0, 0, 2), IpProtocol.Udp, datagram.Length),
                InternetChecksum.PseudoHeader(Ipv6Address.Parse("fe80::1"), Ipv6Address.Parse("ff02::fb"), IpProtocol.Udp, datagram.Length),
            ];
            return sums.All(sum =>
            {
                var bytes = Emit(datagram, sum);
                return UdpPacket.TryParse(bytes, out var packet, out _) && packet.VerifyChecksum(sum) == ChecksumStatus.Good;
            });
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Emit_then_decode_gives_the_datagram_back()
    {
        var datagrams =
            from ports in ArbMap.Default.GeneratorFor<ushort>().Two()
            from checksum in ArbMap.Default.GeneratorFor<ushort>()
            from payload in ArbMap.Default.GeneratorFor<byte[]>()
            select new UdpDatagram(ports.Item1, ports.Item2, (ushort)(8 + payload.Length), checksum, payload);
        Prop.ForAll(Arb.From(datagrams), datagram =>
        {
            return UdpDatagram.TryDecode(Emit(datagram, 0), out var decoded, out _) && decoded == datagram;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void View_path_allocates_nothing()
    {
        ViewEverything(DnsQuery);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var total = 0L;
        for (var i = 0; i < 100; i++)
            total += ViewEverything(DnsQuery);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, total);
    }

    private static long ViewEverything(ReadOnlySpan<byte> bytes) =>
        UdpPacket.TryParse(bytes, out var packet, out _)
            ? packet.SourcePort + packet.DestinationPort + packet.Length + packet.Checksum + packet.Payload.Length +
              (packet.IsTruncated ? 1 : 0) + (int)packet.VerifyChecksum(DnsPseudoHeader)
            : 0;

    [Fact]
    public void Json_has_ports_length_checksum_and_hex_payload()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            UdpDatagram.Create(5353, 5353, new byte[] { 0xAB, 0x01 }).WriteJson(writer);
            writer.WriteEndObject();
        }
        Assert.Equal("""{"sourcePort":5353,"destinationPort":5353,"length":10,"checksum":null,"payload":"ab01"}""",
            System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Decoding_hostile_bytes_never_throws_and_what_decodes_round_trips()
    {
        var watch = Stopwatch.StartNew();
        foreach (var bytes in Mutations.Of([DnsQuery, DnsQuery[..12]], 100_000))
        {
            ViewEverything(bytes);
            if (UdpDatagram.TryDecode(bytes, out var datagram, out _))
                Assert.Equal(bytes[..Math.Min(bytes.Length, datagram.LengthField!.Value)], Emit(datagram, 0));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }
}
