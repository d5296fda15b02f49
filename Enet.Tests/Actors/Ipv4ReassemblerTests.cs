using Enet.Actors.Ip;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Actors;

public sealed class Ipv4ReassemblerTests
{
    private static readonly DateTimeOffset T0 = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    /// <summary>The datagrams below carry its first 3000 bytes; the rest is for fragments that run past them.</summary>
    private static readonly byte[] Payload = [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7 + 3))];

    /// <summary>A fragment of <see cref="Payload"/>: bytes [start, start + length) of datagram <paramref name="id"/>.</summary>
    private static byte[] Fragment(int start, int length, bool more, ushort id = 1, byte[]? payload = null)
    {
        payload ??= Payload;
        var header = Ipv4Header.Create(new(192, 0, 2, 1), new(192, 0, 2, 2), IpProtocol.Udp, identification: id) with
        {
            MoreFragments = more,
            FragmentOffset = (ushort)(start / 8),
        };
        var bytes = new byte[header.Length + length];
        header.Emit(bytes, length);
        payload.AsSpan(start, length).CopyTo(bytes.AsSpan(header.Length));
        return bytes;
    }

    private static byte[] First(ushort id = 1) => Fragment(0, 1480, true, id);
    private static byte[] Second(ushort id = 1) => Fragment(1480, 1480, true, id);
    private static byte[] Last(ushort id = 1) => Fragment(2960, 40, false, id);

    private static Ipv4ReassemblyStatus Add(Ipv4Reassembler reassembler, byte[] fragment, out ReadOnlyMemory<byte> datagram, DateTimeOffset? now = null)
    {
        Assert.True(Ipv4Packet.TryParse(fragment, out var packet, out _));
        return reassembler.Add(packet, now ?? T0, out datagram);
    }

    private static Ipv4ReassemblyStatus Add(Ipv4Reassembler reassembler, byte[] fragment, DateTimeOffset? now = null) =>
        Add(reassembler, fragment, out _, now);

    private static void AssertWhole(ReadOnlyMemory<byte> datagram)
    {
        Assert.True(Ipv4Packet.TryParse(datagram.Span, out var whole, out _));
        Assert.Equal((false, (ushort)0, 3020, ChecksumStatus.Good), (whole.MoreFragments, whole.FragmentOffset, (int)whole.TotalLength, whole.VerifyChecksum()));
        Assert.Equal(Payload[..3000], whole.Payload.ToArray());
    }

    [Fact]
    public void In_order_fragments_reassemble_on_the_last()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, First()));
        Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, Second()));
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Last(), out var datagram));
        AssertWhole(datagram);
        Assert.Equal((0, 0L, 0L), (reassembler.Pending, reassembler.BytesHeld, reassembler.Fails));
    }

    [Fact]
    public void Out_of_order_fragments_reassemble_when_the_first_fills_the_last_hole()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, Last()));
        Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, Second()));
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, First(), out var datagram));
        AssertWhole(datagram);
    }

    [Fact]
    public void Interleaved_datagrams_are_kept_apart_by_identification()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Add(reassembler, First(1));
        Add(reassembler, First(2));
        Add(reassembler, Last(2));
        Add(reassembler, Second(1));
        Assert.Equal(2, reassembler.Pending);
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Second(2), out var two));
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Last(1), out var one));
        AssertWhole(one);
        AssertWhole(two);
    }

    [Fact]
    public void An_exact_duplicate_is_ignored_and_the_datagram_still_completes()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Add(reassembler, First());
        Assert.Equal(Ipv4ReassemblyStatus.Duplicate, Add(reassembler, First()));
        Add(reassembler, Last());
        Assert.Equal(Ipv4ReassemblyStatus.Duplicate, Add(reassembler, Last()));
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Second(), out var datagram));
        AssertWhole(datagram);
        Assert.Equal(0, reassembler.Fails);
    }

    [Fact]
    public void An_overlapping_fragment_drops_the_whole_datagram_and_its_later_fragments()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Add(reassembler, First());
        Assert.Equal(Ipv4ReassemblyStatus.Overlap, Add(reassembler, Fragment(1472, 1488, true)));
        Assert.Equal(Ipv4ReassemblyStatus.Discarded, Add(reassembler, Second()));
        Assert.Equal(Ipv4ReassemblyStatus.Discarded, Add(reassembler, Last()));
        Assert.Equal(1, reassembler.Fails);
        Assert.Equal(Ipv4Reassembler.DatagramOverhead, reassembler.BytesHeld);
        // After the timeout the identification is free again and a clean copy reassembles.
        var later = T0 + Timeout;
        Assert.Equal(0, reassembler.Expire(later));
        Assert.Equal(0, reassembler.Pending);
        Add(reassembler, First(), later);
        Add(reassembler, Second(), later);
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Last(), out _, later));
    }

    [Theory]
    [InlineData(8, 1480, true)]
    [InlineData(1480, 1488, true)]
    [InlineData(2960, 48, false)]
    public void Any_overlap_or_contradicting_end_drops_the_datagram(int start, int length, bool more)
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Add(reassembler, First());
        Add(reassembler, Last());
        Assert.Equal(Ipv4ReassemblyStatus.Overlap, Add(reassembler, Fragment(start, length, more)));
    }

    [Fact]
    public void A_fragment_past_a_known_end_contradicts_it()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Add(reassembler, Fragment(1480, 1480, false));
        Assert.Equal(Ipv4ReassemblyStatus.Overlap, Add(reassembler, Fragment(2960, 40, true)));
    }

    [Fact]
    public void A_non_last_fragment_not_a_multiple_of_8_is_malformed_and_dropped_alone()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Add(reassembler, First());
        Assert.Equal(Ipv4ReassemblyStatus.Malformed, Add(reassembler, Fragment(1480, 1479, true)));
        Add(reassembler, Second());
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Last()));
    }

    [Fact]
    public void A_datagram_beyond_the_per_datagram_bound_is_dropped()
    {
        var big = new byte[65535];
        var reassembler = new Ipv4Reassembler(Timeout);
        Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, Fragment(0, 1480, true, payload: big)));
        // 65512 + 8 + 20 = 65540 > 65535.
        Assert.Equal(Ipv4ReassemblyStatus.TooBig, Add(reassembler, Fragment(65512, 8, false, payload: big)));
        var small = new Ipv4Reassembler(Timeout, maxDatagramBytes: 2000);
        Assert.Equal(Ipv4ReassemblyStatus.TooBig, Add(small, Second()));
    }

    [Fact]
    public void A_datagram_of_exactly_65535_bytes_reassembles()
    {
        var big = new byte[65515];
        Random.Shared.NextBytes(big);
        var reassembler = new Ipv4Reassembler(Timeout);
        var status = Ipv4ReassemblyStatus.Incomplete;
        ReadOnlyMemory<byte> datagram = default;
        for (var at = 0; at < big.Length; at += 1480)
            status = Add(reassembler, Fragment(at, Math.Min(1480, big.Length - at), at + 1480 < big.Length, payload: big), out datagram);
        Assert.Equal(Ipv4ReassemblyStatus.Complete, status);
        Assert.True(Ipv4Packet.TryParse(datagram.Span, out var whole, out _));
        Assert.Equal(65535, whole.TotalLength);
        Assert.Equal(big, whole.Payload.ToArray());
    }

    [Fact]
    public void Timeout_reports_the_first_fragment_quote_and_frees_the_memory()
    {
        var reassembler = new Ipv4Reassembler(Timeout);
        Add(reassembler, First(1));
        Add(reassembler, Second(2), T0 + TimeSpan.FromSeconds(10));
        Assert.Equal(T0 + Timeout, reassembler.NextExpiry);
        var quotes = new List<byte[]>();
        Assert.Equal(0, reassembler.Expire(T0 + Timeout - TimeSpan.FromTicks(1), quotes));
        Assert.Equal(1, reassembler.Expire(T0 + Timeout, quotes));
        var quote = Assert.Single(quotes);
        Assert.Equal(First(1)[..28], quote);
        // The second datagram never had its first fragment: it times out with nothing to quote.
        Assert.Equal(1, reassembler.Expire(T0 + Timeout + TimeSpan.FromSeconds(10), quotes));
        Assert.Single(quotes);
        Assert.Equal((0, 0L, 2L, (DateTimeOffset?)null), (reassembler.Pending, reassembler.BytesHeld, reassembler.Fails, reassembler.NextExpiry));
    }

    [Fact]
    public void Beyond_the_memory_bound_the_oldest_datagrams_are_evicted_first()
    {
        var reassembler = new Ipv4Reassembler(Timeout, maxBytes: 3 * (2048 + Ipv4Reassembler.DatagramOverhead + Ipv4Reassembler.FragmentOverhead));
        for (ushort id = 1; id <= 3; id++)
            Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, First(id)));
        Assert.Equal(3, reassembler.Pending);
        Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, First(4)));
        Assert.Equal(3, reassembler.Pending);
        Assert.Equal(1, reassembler.Fails);
        Assert.True(reassembler.BytesHeld <= 3 * (2048 + Ipv4Reassembler.DatagramOverhead + Ipv4Reassembler.FragmentOverhead));
        // Datagram 1 was evicted: its later fragments start over; datagram 4 completes.
        Add(reassembler, Second(4));
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Last(4)));
        Assert.Equal(Ipv4ReassemblyStatus.Incomplete, Add(reassembler, Last(1)));
    }

    [Fact]
    public void A_datagram_larger_than_all_reassembly_memory_is_dropped_without_evicting_others()
    {
        var reassembler = new Ipv4Reassembler(Timeout, maxBytes: 2048 + 4 * 1024);
        Add(reassembler, First(1));
        Add(reassembler, Fragment(0, 8, true, 2));
        var big = new byte[65000];
        Assert.Equal(Ipv4ReassemblyStatus.NoRoom, Add(reassembler, Fragment(60000, 8, true, 2, big)));
        Assert.Equal(2, reassembler.Pending);
        Add(reassembler, Second(1));
        Assert.Equal(Ipv4ReassemblyStatus.Complete, Add(reassembler, Last(1)));
    }
}
