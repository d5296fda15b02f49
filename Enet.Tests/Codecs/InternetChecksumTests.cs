using Enet.Codecs;
using Xunit;
using FsCheck;
using FsCheck.Fluent;

namespace Enet.Tests.Codecs;

public class InternetChecksumTests
{
    /// <summary>The plain RFC 1071 definition, one big-endian word at a time.</summary>
    private static ushort Reference(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8 | (i + 1 < data.Length ? data[i + 1] : 0));
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    [Fact]
    public void Rfc1071_example_sums_to_ddf2()
    {
        // RFC 1071 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (checksum = ~ddf2).
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal(0xFFFF - 0xddf2, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Ipv4_header_with_its_checksum_verifies_to_zero()
    {
        byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");
        var checksum = InternetChecksum.Compute(header);
        Assert.Equal(0xb861, checksum);
        header[10] = (byte)(checksum >> 8);
        header[11] = (byte)checksum;
        Assert.Equal(0, InternetChecksum.Compute(header));
    }

    [Fact]
    public void Odd_length_pads_the_last_byte_on_the_right()
    {
        Assert.Equal(0xFFFF - 0xAB00, InternetChecksum.Compute([0xAB]));
    }

    [Fact]
    public void Matches_the_reference_for_every_length_up_to_4k()
    {
        var random = new Random(7);
        for (var length = 0; length <= 4096; length += length < 200 ? 1 : 37)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(Reference(data), InternetChecksum.Compute(data));
        }
    }

    [Fact]
    public void All_ones_data_does_not_overflow_the_vector_lanes()
    {
        var data = new byte[4 * 1024 * 1024 + 3];
        Array.Fill(data, (byte)0xFF);
        Assert.Equal(Reference(data), InternetChecksum.Compute(data));
    }

    [Fact]
    public void Words_at_the_signed_minimum_do_not_underflow_the_vector_lanes()
    {
        // The AVX-512 kernel sees each word as u - 32768, so zeros are its most negative input.
        var data = new byte[4 * 1024 * 1024 + 64];
        Assert.Equal(0xFFFF, InternetChecksum.Compute(data));
        for (var i = 0; i < data.Length; i += 4)
            data[i] = 0xFF;
        Assert.Equal(Reference(data), InternetChecksum.Compute(data));
    }

    [Fact]
    public void Chained_sums_equal_one_sum()
    {
        Prop.ForAll<byte[], byte[]>((a, b) =>
        {
            var evenA = a.Length % 2 == 0 ? a : a[..^1];
            var whole = evenA.Concat(b).ToArray();
            return InternetChecksum.Finish(InternetChecksum.Add(InternetChecksum.Add(0, evenA), b)) == Reference(whole);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Ipv4_pseudo_header_matches_the_summed_bytes()
    {
        var src = Ipv4Address.Parse("192.168.0.1");
        var dst = Ipv4Address.Parse("10.1.2.3");
        byte[] pseudo = [192, 168, 0, 1, 10, 1, 2, 3, 0, 17, 0x01, 0x2c];
        Assert.Equal(Reference(pseudo), InternetChecksum.Finish(InternetChecksum.PseudoHeader(src, dst, IpProtocol.Udp, 300)));
    }

    [Fact]
    public void Ipv6_pseudo_header_matches_the_summed_bytes()
    {
        var src = Ipv6Address.Parse("2001:db8::1");
        var dst = Ipv6Address.Parse("fe80::abcd:ef01");
        var pseudo = new byte[40];
        src.Write(pseudo);
        dst.Write(pseudo.AsSpan(16));
        pseudo[34] = 0x01;
        pseudo[35] = 0x2c;
        pseudo[39] = 58;
        Assert.Equal(Reference(pseudo), InternetChecksum.Finish(InternetChecksum.PseudoHeader(src, dst, IpProtocol.Icmpv6, 300)));
    }
}
