using Enet.Actors.GenTcp;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.GenTcp;

/// <summary>{packet, ...} framing (inet(3)): the length headers added on send and stripped on receive, line splitting,
/// packet_size, and that segment boundaries never matter.</summary>
public sealed class PacketFramingTests
{
    private static List<byte[]> TakeAll(PacketDecoder decoder)
    {
        var packets = new List<byte[]>();
        while (decoder.TryTake(out var packet, out _) == PacketResult.Packet)
            packets.Add(packet);
        return packets;
    }

    [Theory]
    [InlineData(PacketType.One, new byte[] { 3, 1, 2, 3 })]
    [InlineData(PacketType.Two, new byte[] { 0, 3, 1, 2, 3 })]
    [InlineData(PacketType.Four, new byte[] { 0, 0, 0, 3, 1, 2, 3 })]
    [InlineData(PacketType.Raw, new byte[] { 1, 2, 3 })]
    [InlineData(PacketType.Line, new byte[] { 1, 2, 3 })]
    public void Send_adds_a_big_endian_length_header_of_the_packet_type(PacketType type, byte[] expected)
    {
        Assert.True(PacketFraming.TryFrame(type, [1, 2, 3], out var framed));
        Assert.Equal(expected, framed);
    }

    [Fact]
    public void A_send_longer_than_the_header_can_say_is_refused_not_wrapped()
    {
        // inet_drv sends 257 bytes under {packet,1} with the length wrapped to 1; Enet refuses (emsgsize in the socket).
        Assert.False(PacketFraming.TryFrame(PacketType.One, new byte[256], out _));
        Assert.True(PacketFraming.TryFrame(PacketType.One, new byte[255], out _));
        Assert.False(PacketFraming.TryFrame(PacketType.Two, new byte[65536], out _));
        Assert.True(PacketFraming.TryFrame(PacketType.Four, new byte[65536], out _));
    }

    [Fact]
    public void Packet_4_split_across_segments_comes_out_whole_once_complete()
    {
        var decoder = new PacketDecoder(PacketType.Four);
        PacketFraming.TryFrame(PacketType.Four, "hello"u8, out var framed);
        decoder.Append(framed.AsSpan(0, 2));
        Assert.Equal(PacketResult.NeedMore, decoder.TryTake(out _, out _));
        decoder.Append(framed.AsSpan(2, 4));
        Assert.Equal(PacketResult.NeedMore, decoder.TryTake(out _, out _));
        decoder.Append(framed.AsSpan(6));
        Assert.Equal(PacketResult.Packet, decoder.TryTake(out var packet, out var wire));
        Assert.Equal(("hello", 9), (System.Text.Encoding.ASCII.GetString(packet), wire));
        Assert.Equal(0, decoder.Buffered);
    }

    [Fact]
    public void A_zero_length_packet_is_a_packet()
    {
        var decoder = new PacketDecoder(PacketType.Two);
        decoder.Append([0, 0, 0, 1, 7]);
        Assert.Equal(PacketResult.Packet, decoder.TryTake(out var empty, out var wire));
        Assert.Equal((0, 2), (empty.Length, wire));
        Assert.Equal(PacketResult.Packet, decoder.TryTake(out var seven, out _));
        Assert.Equal([7], seven);
    }

    [Fact]
    public void A_header_beyond_packet_size_is_too_large()
    {
        var decoder = new PacketDecoder(PacketType.Two, packetSize: 10);
        decoder.Append([0, 11]);
        Assert.Equal(PacketResult.TooLarge, decoder.TryTake(out _, out _));
        var fits = new PacketDecoder(PacketType.Two, packetSize: 10);
        fits.Append([0, 10, .. new byte[10]]);
        Assert.Equal(PacketResult.Packet, fits.TryTake(out _, out _));
    }

    [Fact]
    public void Without_packet_size_a_header_beyond_the_bound_is_too_large_so_one_header_cannot_make_the_socket_buffer_without_bound()
    {
        var decoder = new PacketDecoder(PacketType.Four);
        decoder.Append([0x7f, 0xff, 0xff, 0xff]);
        Assert.Equal(PacketResult.TooLarge, decoder.TryTake(out _, out _));
    }

    [Fact]
    public void Line_mode_ends_a_packet_at_newline_keeps_the_delimiter_and_holds_an_unterminated_tail()
    {
        var decoder = new PacketDecoder(PacketType.Line);
        decoder.Append("one\ntwo\nthr"u8);
        Assert.Equal(["one\n", "two\n"], TakeAll(decoder).Select(p => System.Text.Encoding.ASCII.GetString(p)));
        Assert.Equal(3, decoder.Buffered);
        decoder.Append("ee\n"u8);
        Assert.Equal(["three\n"], TakeAll(decoder).Select(p => System.Text.Encoding.ASCII.GetString(p)));
    }

    [Fact]
    public void Line_mode_ends_a_line_at_the_line_delimiter_and_a_newline_is_then_an_ordinary_byte()
    {
        var decoder = new PacketDecoder(PacketType.Line, lineDelimiter: (byte)'|');
        decoder.Append("a\nb|cd|e"u8);
        Assert.Equal(["a\nb|", "cd|"], TakeAll(decoder).Select(p => System.Text.Encoding.ASCII.GetString(p)));
        // inet:setopts may change it between packets.
        decoder.LineDelimiter = (byte)'\n';
        decoder.Append("f\n"u8);
        Assert.Equal(["ef\n"], TakeAll(decoder).Select(p => System.Text.Encoding.ASCII.GetString(p)));
    }

    [Fact]
    public void Line_mode_cuts_a_line_longer_than_the_line_length()
    {
        var decoder = new PacketDecoder(PacketType.Line, lineLength: 4);
        decoder.Append("abcdefg\n"u8);
        Assert.Equal(["abcd", "efg\n"], TakeAll(decoder).Select(p => System.Text.Encoding.ASCII.GetString(p)));
    }

    [Fact]
    public void Raw_takes_everything_and_take_exactly_waits_for_the_length()
    {
        var decoder = new PacketDecoder();
        decoder.Append([1, 2]);
        Assert.False(decoder.TryTakeExactly(3, out _));
        decoder.Append([3, 4]);
        Assert.True(decoder.TryTakeExactly(3, out var three));
        Assert.Equal([1, 2, 3], three);
        Assert.Equal(PacketResult.Packet, decoder.TryTake(out var rest, out _));
        Assert.Equal([4], rest);
        Assert.Equal(PacketResult.NeedMore, decoder.TryTake(out _, out _));
    }

    [Fact]
    public void The_type_can_change_between_packets_as_setopts_allows()
    {
        var decoder = new PacketDecoder(PacketType.Line);
        decoder.Append("GET\n"u8);
        decoder.Append([0, 2, 9, 9]);
        Assert.Equal(PacketResult.Packet, decoder.TryTake(out var line, out _));
        Assert.Equal("GET\n"u8.ToArray(), line);
        decoder.Type = PacketType.Two;
        Assert.Equal(PacketResult.Packet, decoder.TryTake(out var body, out _));
        Assert.Equal([9, 9], body);
    }

    [Theory]
    [InlineData(PacketType.One)]
    [InlineData(PacketType.Two)]
    [InlineData(PacketType.Four)]
    public void Framed_packets_cut_at_any_boundaries_decode_to_the_same_packets(PacketType type) =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[][]>(), ArbMap.Default.ArbFor<int>(), (packets, seed) =>
        {
            var bodies = packets.Where(p => p is not null).Select(p => p.Length > 255 ? p[..255] : p).ToList();
            var stream = bodies.SelectMany(p =>
            {
                PacketFraming.TryFrame(type, p, out var framed);
                return framed;
            }).ToArray();
            var decoder = new PacketDecoder(type);
            var random = new Random(seed);
            var decoded = new List<byte[]>();
            for (var offset = 0; offset < stream.Length;)
            {
                var cut = Math.Min(stream.Length - offset, random.Next(1, 8));
                decoder.Append(stream.AsSpan(offset, cut));
                offset += cut;
                decoded.AddRange(TakeAll(decoder));
            }
            return decoded.Count == bodies.Count && decoded.Zip(bodies).All(p => p.First.AsSpan().SequenceEqual(p.Second)) &&
                decoder.Buffered == 0;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Lines_cut_at_any_boundaries_decode_to_the_same_lines() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string[]>(), ArbMap.Default.ArbFor<int>(), (lines, seed) =>
        {
            var texts = lines.Where(l => l is not null).Select(l => new string([.. l.Where(c => c is > ' ' and < '~')]) + "\n").ToList();
            var stream = System.Text.Encoding.ASCII.GetBytes(string.Concat(texts));
            var decoder = new PacketDecoder(PacketType.Line, lineLength: 100_000);
            var random = new Random(seed);
            var decoded = new List<string>();
            for (var offset = 0; offset < stream.Length;)
            {
                var cut = Math.Min(stream.Length - offset, random.Next(1, 8));
                decoder.Append(stream.AsSpan(offset, cut));
                offset += cut;
                decoded.AddRange(TakeAll(decoder).Select(p => System.Text.Encoding.ASCII.GetString(p)));
            }
            return decoded.SequenceEqual(texts);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Random_bytes_never_throw_in_any_packet_type() =>
        Prop.ForAll<byte[]>(bytes =>
        {
            foreach (var type in Enum.GetValues<PacketType>())
            {
                var decoder = new PacketDecoder(type, packetSize: 1000);
                decoder.Append(bytes ?? []);
                while (decoder.TryTake(out _, out _) == PacketResult.Packet)
                {
                }
            }
            return true;
        }).QuickCheckThrowOnFailure();
}
