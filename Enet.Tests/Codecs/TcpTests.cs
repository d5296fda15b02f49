using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public class TcpTests
{
    // accecn_handshake.pcap frame 1: 31.133.146.248:16433 -> 66.228.43.12:80, SYN ECE CWR AE, MSS 1460, NOP,
    // WS 6, SACK_PERM, TSval 112147477 TSecr 0; the checksum is wrong on the wire (transmit offload, tshark agrees).
    private static readonly byte[] AccEcnSyn = Convert.FromHexString(
        "40310050741d4a2d00000000a1c2ffff209c0000020405b4010303060402080a06af3c1500000000");

    // accecn_handshake.pcap frame 2: 66.228.43.12:80 -> 31.133.146.248:16433, SYN ACK CWR, checksum good, an
    // experimental option kind 254 of length 13 (AccECN), then WS 7: data offset 13.
    private static readonly byte[] AccEcnSynAck = Convert.FromHexString(
        "00504031b128b393741d4a2ed092fe8822a80000020405b40402080aa5e4dec406af3c15fe0dacc0000001000000000000030307");

    private static readonly Ipv4Address Client = new(31, 133, 146, 248);
    private static readonly Ipv4Address Server = new(66, 228, 43, 12);

    private static TcpSegment Decode(byte[] bytes)
    {
        Assert.True(TcpSegment.TryDecode(bytes, out var segment, out var error), error.ToString());
        return segment;
    }

    private static byte[] Emit(TcpSegment segment, uint pseudoHeaderSum)
    {
        var bytes = new byte[segment.Length];
        segment.Emit(bytes, pseudoHeaderSum);
        return bytes;
    }

    [Fact]
    public void Captured_syn_decodes_to_the_fields_tshark_shows()
    {
        var syn = Decode(AccEcnSyn);
        Assert.Equal((ushort)16433, syn.SourcePort);
        Assert.Equal((ushort)80, syn.DestinationPort);
        Assert.Equal(1948076589u, syn.SequenceNumber);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr | TcpFlags.Ae, syn.Flags);
        Assert.Equal((ushort)65535, syn.Window);
        Assert.Equal((ushort)0x209c, syn.Checksum);
        Assert.Equal<TcpOption>(
            [new TcpOption.MaxSegmentSize(1460), new TcpOption.NoOperation(), new TcpOption.WindowScale(6),
             new TcpOption.SackPermitted(), new TcpOption.Timestamps(112147477, 0)], syn.Options);
        Assert.True(syn.Payload.IsEmpty);
    }

    [Fact]
    public void Captured_segments_verify_their_checksums_as_tshark_does()
    {
        Assert.True(TcpPacket.TryParse(AccEcnSyn, out var syn, out _));
        Assert.Equal(ChecksumStatus.Bad, syn.VerifyChecksum(InternetChecksum.PseudoHeader(Client, Server, IpProtocol.Tcp, AccEcnSyn.Length)));
        Assert.True(TcpPacket.TryParse(AccEcnSynAck, out var synAck, out _));
        Assert.Equal(ChecksumStatus.Good, synAck.VerifyChecksum(InternetChecksum.PseudoHeader(Server, Client, IpProtocol.Tcp, AccEcnSynAck.Length)));
    }

    [Fact]
    public void Unknown_option_kind_is_kept_raw_and_the_segment_round_trips()
    {
        var synAck = Decode(AccEcnSynAck);
        Assert.Equal(new TcpOption.UnknownOption(254, Convert.FromHexString("acc0000001000000000000")), synAck.Options[3]);
        Assert.Equal(new TcpOption.WindowScale(7), synAck.Options[4]);
        Assert.Equal(AccEcnSynAck, Emit(synAck, 0));
        Assert.Equal(AccEcnSyn, Emit(Decode(AccEcnSyn), 0));
    }

    [Fact]
    public void Known_kind_with_a_foreign_length_round_trips_as_unknown()
    {
        // MSS with length 6: not RFC 9293's MSS, but the bytes must come back unchanged.
        var bytes = Segment("0206000102030101", payload: "");
        var segment = Decode(bytes);
        Assert.Equal(new TcpOption.UnknownOption(2, Convert.FromHexString("00010203")), segment.Options[0]);
        Assert.Equal(bytes, Emit(segment, 0));
    }

    [Fact]
    public void Non_zero_bytes_after_end_of_option_list_are_kept_as_padding()
    {
        var bytes = Segment("0204058000abcdef", payload: "68656c6c6f");
        var segment = Decode(bytes);
        Assert.Equal<TcpOption>([new TcpOption.MaxSegmentSize(1408), new TcpOption.EndOfOptionList()], segment.Options);
        Assert.Equal(Convert.FromHexString("abcdef"), segment.OptionPadding.Span.ToArray());
        Assert.Equal(bytes, Emit(segment, 0));
    }

    [Fact]
    public void Reserved_flag_bits_are_kept()
    {
        var bytes = Segment("", payload: "");
        bytes[12] |= 0x0E;
        var segment = Decode(bytes);
        Assert.Equal((TcpFlags)0x0E00, segment.Flags & (TcpFlags)0x0E00);
        Assert.Equal(bytes, Emit(segment, 0));
    }

    [Fact]
    public void Sack_blocks_decode_in_order()
    {
        var segment = Decode(Segment("0101050a000000010000000201010101", payload: ""));
        Assert.Equal(new TcpOption.Sack([new SackBlock(1, 2)]), segment.Options[2]);
    }

    [Fact]
    public void Tcp_option_length_zero_is_a_decode_error_not_a_loop()
    {
        Assert.False(TcpPacket.TryParse(Segment("02000000", payload: ""), out _, out var error));
        Assert.Equal(Layer.Tcp, error.Layer);
        Assert.Equal(20, error.Offset);
    }

    [Fact]
    public void Tcp_option_length_one_is_a_decode_error()
    {
        Assert.False(TcpSegment.TryDecode(Segment("01010801", payload: ""), out _, out var error));
        Assert.Equal(22, error.Offset);
    }

    [Fact]
    public void Tcp_option_running_past_the_data_offset_is_a_decode_error()
    {
        // Timestamps claims 10 bytes but the header has 4 option bytes; the payload after it must not be read as options.
        Assert.False(TcpPacket.TryParse(Segment("080a0000", payload: "0000000000000000"), out _, out var error));
        Assert.Equal(20, error.Offset);
        Assert.False(TcpPacket.TryParse(Segment("01010103", payload: ""), out _, out error));
        Assert.Contains("no length byte", error.Reason);
    }

    [Fact]
    public void Truncated_tcp_is_an_error_not_an_index_out_of_range()
    {
        // dotpcap/packetnet#18: reading DataOffset of a truncated segment threw.
        for (var length = 0; length < AccEcnSyn.Length; length++)
            Assert.False(TcpPacket.TryParse(AccEcnSyn.AsSpan(0, length), out _, out _));
    }

    [Fact]
    public void Data_offset_below_five_is_a_decode_error()
    {
        var bytes = Segment("", payload: "");
        bytes[12] = 0x40;
        Assert.False(TcpPacket.TryParse(bytes, out _, out var error));
        Assert.Equal(12, error.Offset);
    }

    [Fact]
    public void Built_segment_gets_a_checksum_that_verifies_over_ipv4_and_ipv6()
    {
        var segment = new TcpSegment(1234, 80, 1, 0, TcpFlags.Syn, 65535, null, 0,
            [new TcpOption.MaxSegmentSize(1460), new TcpOption.WindowScale(7)], Encoding.ASCII.GetBytes("hi"));
        var v4 = InternetChecksum.PseudoHeader(Client, Server, IpProtocol.Tcp, segment.Length);
        var v6 = InternetChecksum.PseudoHeader(Ipv6Address.Parse("2001:db8::1"), Ipv6Address.Parse("fe80::2"), IpProtocol.Tcp, segment.Length);
        foreach (var sum in new[] { v4, v6 })
        {
            var bytes = Emit(segment, sum);
            Assert.True(TcpPacket.TryParse(bytes, out var packet, out _));
            Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum(sum));
            Assert.Equal(28, packet.HeaderLength);
            // 7 option bytes pad to 8 with a zero, which reads back as End of Option List.
            Assert.Equal(segment with { Checksum = packet.Checksum, Options = [.. segment.Options, new TcpOption.EndOfOptionList()] },
                Decode(bytes));
        }
    }

    [Fact]
    public void View_path_allocates_nothing()
    {
        var total = 0L;
        ViewEverything(AccEcnSynAck);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            total += ViewEverything(AccEcnSynAck);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotEqual(0, total);
    }

    private static long ViewEverything(byte[] bytes)
    {
        if (!TcpPacket.TryParse(bytes, out var packet, out _))
            return 0;
        long sum = packet.SourcePort + packet.DestinationPort + packet.SequenceNumber + packet.AcknowledgmentNumber +
                   packet.DataOffset + packet.HeaderLength + (int)packet.Flags + packet.Window + packet.Checksum +
                   packet.UrgentPointer + packet.Options.Length + packet.Payload.Length + (int)packet.VerifyChecksum(0);
        var reader = packet.ReadOptions();
        while (reader.TryRead(out var option))
            sum += option.Kind + option.Length + option.Data.Length + option.Offset;
        return sum + reader.Padding.Length;
    }

    [Fact]
    public void Prints_options_by_content()
    {
        var text = Decode(AccEcnSyn).ToString();
        Assert.Contains("Options = [MaxSegmentSize { Kind = 2, Length = 4, Value = 1460 }, NoOperation { Kind = 1, Length = 1 }", text);
        Assert.Contains("Flags = Syn, Ece, Cwr, Ae", text);
        Assert.Contains("Blocks = [SackBlock { Left = 1, Right = 2 }]", new TcpOption.Sack([new SackBlock(1, 2)]).ToString());
    }

    [Fact]
    public void Json_names_flags_and_options()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            Decode(AccEcnSyn).WriteJson(writer);
            writer.WriteEndObject();
        }
        var json = JsonDocument.Parse(stream.ToArray()).RootElement;
        Assert.Equal(16433, json.GetProperty("sourcePort").GetInt32());
        Assert.Equal(["SYN", "ECE", "CWR", "AE"], json.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        var mss = json.GetProperty("options")[0];
        Assert.Equal(2, mss.GetProperty("kind").GetInt32());
        Assert.Equal("mss", mss.GetProperty("kindName").GetString());
        Assert.Equal(1460, mss.GetProperty("value").GetInt32());
        Assert.Equal(0x209c, json.GetProperty("checksum").GetInt32());
    }

    [Fact]
    public void Emit_then_decode_gives_the_segment_back()
    {
        Prop.ForAll(Arb.From(Segments()), segment =>
        {
            var bytes = Emit(segment, 0x1234);
            return TcpSegment.TryDecode(bytes, out var decoded, out _) && decoded == segment && bytes.SequenceEqual(Emit(decoded, 0));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Decoding_hostile_bytes_never_throws_and_what_decodes_round_trips()
    {
        var watch = Stopwatch.StartNew();
        byte[][] seeds = [AccEcnSyn, AccEcnSynAck, Segment("0101050a000000010000000201010101", "00")];
        foreach (var bytes in Mutations.Of(seeds, 100_000))
        {
            ViewEverything(bytes);
            if (TcpSegment.TryDecode(bytes, out var segment, out _))
                Assert.Equal(bytes, Emit(segment, 0));
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    /// <summary>A 20-byte header with the given options (hex, a multiple of 4 bytes) and payload.</summary>
    private static byte[] Segment(string options, string payload)
    {
        var optionBytes = Convert.FromHexString(options);
        var header = Convert.FromHexString("3039005000000001000000000002ffff00000000");
        header[12] = (byte)((20 + optionBytes.Length) / 4 << 4);
        return [.. header, .. optionBytes, .. Convert.FromHexString(payload)];
    }

    private static Gen<TcpOption> Options() => Gen.OneOf(
        Gen.Constant<TcpOption>(new TcpOption.NoOperation()),
        ArbMap.Default.GeneratorFor<ushort>().Select(v => (TcpOption)new TcpOption.MaxSegmentSize(v)),
        ArbMap.Default.GeneratorFor<byte>().Select(v => (TcpOption)new TcpOption.WindowScale(v)),
        Gen.Constant<TcpOption>(new TcpOption.SackPermitted()),
        Gen.Choose(1, 4).SelectMany(n => ArbMap.Default.GeneratorFor<uint>().ArrayOf(2 * n))
            .Select(v => (TcpOption)new TcpOption.Sack([.. v.Chunk(2).Select(p => new SackBlock(p[0], p[1]))])),
        ArbMap.Default.GeneratorFor<uint>().Two().Select(t => (TcpOption)new TcpOption.Timestamps(t.Item1, t.Item2)),
        Gen.Elements<byte>(6, 28, 30, 34, 253, 254).SelectMany(kind => Gen.Choose(0, 12)
            .SelectMany(n => ArbMap.Default.GeneratorFor<byte>().ArrayOf(n))
            .Select(data => (TcpOption)new TcpOption.UnknownOption(kind, data))));

    /// <summary>Options that fit 40 bytes, then either NOPs to a 4-byte boundary or End of Option List and
    /// (possibly non-zero) padding to it.</summary>
    private static Gen<TcpSegment> Segments() =>
        from options in Options().ListOf()
        from endWithEol in ArbMap.Default.GeneratorFor<bool>()
        from padding in ArbMap.Default.GeneratorFor<byte>().ArrayOf(3)
        from ports in ArbMap.Default.GeneratorFor<ushort>().Two()
        from numbers in ArbMap.Default.GeneratorFor<uint>().Two()
        from flags in Gen.Choose(0, 0x0FFF)
        from window in ArbMap.Default.GeneratorFor<ushort>()
        from checksum in ArbMap.Default.GeneratorFor<ushort>()
        from urgent in ArbMap.Default.GeneratorFor<ushort>()
        from payload in ArbMap.Default.GeneratorFor<byte[]>()
        select Build(options, endWithEol, padding, ports, numbers, (TcpFlags)flags, window, checksum, urgent, payload);

    private static TcpSegment Build(IEnumerable<TcpOption> options, bool endWithEol, byte[] padding, (ushort, ushort) ports,
        (uint, uint) numbers, TcpFlags flags, ushort window, ushort checksum, ushort urgent, byte[] payload)
    {
        var fitting = ImmutableArray.CreateBuilder<TcpOption>();
        var length = 0;
        foreach (var option in options.Where(o => length + o.Length <= 36))
        {
            fitting.Add(option);
            length += option.Length;
        }
        var paddingBytes = Bytes.Empty;
        if (endWithEol)
        {
            fitting.Add(new TcpOption.EndOfOptionList());
            paddingBytes = padding[..((4 - (length + 1) % 4) % 4)];
        }
        else
            for (; length % 4 != 0; length++)
                fitting.Add(new TcpOption.NoOperation());
        return new TcpSegment(ports.Item1, ports.Item2, numbers.Item1, numbers.Item2, flags, window, checksum, urgent,
            fitting.ToImmutable(), payload) { OptionPadding = paddingBytes };
    }
}
