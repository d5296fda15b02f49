using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

/// <summary>
/// The TCP option walk: TcpPacket.TryParse checks the options once and its reader follows that check, and
/// TcpOptionReader.TryCreate is the validating walk over an area from anywhere else. Both are compared with
/// <see cref="Reference"/>, RFC 9293 3.2 written out the plain way.
/// </summary>
public class TcpOptionReaderTests
{
    private sealed record Walk(List<(int Offset, byte[] Bytes)> Options, byte[] Padding, int? ErrorOffset);

    /// <summary>RFC 9293 3.2: kinds 0 and 1 are one byte, every other kind has a length byte of at least 2 that
    /// stays inside the area; End of Option List ends the list and what follows is padding.</summary>
    private static Walk Reference(byte[] area)
    {
        var options = new List<(int, byte[])>();
        if (area.Length > TcpOptionReader.MaximumLength)
            return new Walk(options, [], 0);
        var position = 0;
        while (position < area.Length)
        {
            var kind = area[position];
            if (kind is 0 or 1)
            {
                options.Add((position, [kind]));
                position++;
                if (kind == 0)
                    return new Walk(options, area[position..], null);
                continue;
            }
            if (position + 1 >= area.Length || area[position + 1] < 2 || area[position + 1] > area.Length - position)
                return new Walk(options, [], position);
            options.Add((position, area[position..(position + area[position + 1])]));
            position += area[position + 1];
        }
        return new Walk(options, [], null);
    }

    private static Walk Read(TcpOptionReader reader, int? errorOffset)
    {
        var options = new List<(int, byte[])>();
        while (reader.TryRead(out var option))
        {
            Assert.Equal(option.Bytes.Length, option.Length);
            Assert.Equal(option.Bytes[0], option.Kind);
            options.Add((option.Offset, option.Bytes.ToArray()));
        }
        // A finished walk stays finished.
        Assert.False(reader.TryRead(out _));
        return new Walk(options, reader.Padding.ToArray(), errorOffset);
    }

    private static bool Same(Walk expected, Walk actual) =>
        expected.ErrorOffset == actual.ErrorOffset && expected.Padding.SequenceEqual(actual.Padding) &&
        expected.Options.Count == actual.Options.Count &&
        expected.Options.Zip(actual.Options).All(p => p.First.Offset == p.Second.Offset && p.First.Bytes.SequenceEqual(p.Second.Bytes));

    private static Walk Create(byte[] area) =>
        TcpOptionReader.TryCreate(area, out var reader, out var error) ? Read(reader, null) : Read(reader, error.Offset);

    [Fact]
    public void Option_walk_stops_before_a_zero_length_and_reports_it()
    {
        // MSS 1460, NOP, then timestamps with length 0: the walk must not spin on it.
        Assert.False(TcpOptionReader.TryCreate(Convert.FromHexString("020405b4010800"), out var reader, out var error));
        Assert.Equal(Layer.Tcp, error.Layer);
        Assert.Equal(5, error.Offset);
        Assert.Contains("length 0, less than 2", error.Reason);
        var walk = Read(reader, error.Offset);
        Assert.Equal([0, 4], walk.Options.Select(o => o.Offset));
        Assert.Empty(walk.Padding);
    }

    [Fact]
    public void Option_walk_stops_before_an_option_that_runs_past_the_area()
    {
        Assert.False(TcpOptionReader.TryCreate(Convert.FromHexString("0101080a00000000"), out var reader, out var error));
        Assert.Equal(2, error.Offset);
        Assert.Contains("runs past the header (6 bytes left)", error.Reason);
        Assert.Equal([0, 1], Read(reader, null).Options.Select(o => o.Offset));
    }

    [Fact]
    public void Option_walk_stops_at_a_kind_without_its_length_byte()
    {
        Assert.False(TcpOptionReader.TryCreate(Convert.FromHexString("010103"), out var reader, out var error));
        Assert.Equal(2, error.Offset);
        Assert.Contains("no length byte", error.Reason);
        Assert.Equal(2, Read(reader, null).Options.Count);
    }

    [Fact]
    public void Option_area_longer_than_a_data_offset_allows_is_refused()
    {
        Assert.False(TcpOptionReader.TryCreate(new byte[TcpOptionReader.MaximumLength + 1], out var reader, out var error));
        Assert.Equal(0, error.Offset);
        Assert.Empty(Read(reader, null).Options);
        Assert.True(TcpOptionReader.TryCreate(new byte[TcpOptionReader.MaximumLength], out _, out _));
    }

    [Fact]
    public void End_of_option_list_ends_the_walk_and_the_rest_is_padding()
    {
        Assert.True(TcpOptionReader.TryCreate(Convert.FromHexString("01030307" + "00" + "ab0000"), out var reader, out _));
        var walk = Read(reader, null);
        Assert.Equal([[1], [3, 3, 7], [0]], walk.Options.Select(o => o.Bytes));
        Assert.Equal([0xab, 0, 0], walk.Padding);
    }

    [Fact]
    public void Default_reader_reads_nothing()
    {
        var reader = default(TcpOptionReader);
        Assert.False(reader.TryRead(out _));
        Assert.True(reader.Padding.IsEmpty);
    }

    [Fact]
    public void Validating_walk_agrees_with_the_rfc_walk_on_any_bytes()
    {
        Prop.ForAll(Arb.From(Areas(44)), area => Same(Reference(area), Create(area))).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parsed_segment_reads_the_options_the_rfc_walk_finds_or_reports_where_it_fails()
    {
        Prop.ForAll(Arb.From(Areas(TcpOptionReader.MaximumLength).Where(a => a.Length % 4 == 0)), area =>
        {
            var expected = Reference(area);
            byte[] segment = [.. Convert.FromHexString("3039005000000001000000000002ffff00000000"), .. area, 0x68, 0x69];
            segment[12] = (byte)((TcpPacket.MinimumHeaderLength + area.Length) / 4 << 4);
            if (!TcpPacket.TryParse(segment, out var packet, out var error))
                return expected.ErrorOffset == error.Offset - TcpPacket.MinimumHeaderLength && error.Layer == Layer.Tcp;
            // The reader is a copy: reading twice walks the same options.
            return Same(expected, Read(packet.ReadOptions(), null)) && Same(expected, Read(packet.ReadOptions(), null)) &&
                   packet.Payload.SequenceEqual("hi"u8);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Option areas from every kind of byte, but mostly small ones, so kinds 0-8 and short lengths (the
    /// well-formed and the nearly well-formed areas) come up often.</summary>
    private static Gen<byte[]> Areas(int maximumLength) =>
        Gen.Choose(0, maximumLength).SelectMany(length => Gen.Frequency(
                (4, Gen.Choose(0, 12).Select(b => (byte)b)),
                (1, ArbMap.Default.GeneratorFor<byte>()))
            .ArrayOf(length));
}
