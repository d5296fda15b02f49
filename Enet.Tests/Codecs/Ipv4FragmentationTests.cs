using Enet.Actors.Ip;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Codecs;

public sealed class Ipv4FragmentationTests
{
    private static readonly Ipv4Header Header =
        Ipv4Header.Create(new(192, 0, 2, 1), new(192, 0, 2, 2), IpProtocol.Udp, identification: 0x4242);

    private static byte[] Payload(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 13 + 1))];

    private static List<byte[]> Fragment(Ipv4Header header, byte[] payload, int mtu)
    {
        var count = Ipv4Fragmentation.Measure(header, payload.Length, mtu, out var total);
        var buffer = new byte[total];
        var lengths = new int[count];
        Assert.Equal(count, Ipv4Fragmentation.Emit(header, payload, mtu, buffer, lengths));
        Assert.Equal(total, lengths.Sum());
        var fragments = new List<byte[]>();
        var at = 0;
        foreach (var length in lengths)
        {
            fragments.Add(buffer[at..(at + length)]);
            at += length;
        }
        return fragments;
    }

    [Theory]
    [InlineData(1480, 1)]
    [InlineData(1481, 2)]
    [InlineData(2960, 2)]
    [InlineData(2961, 3)]
    [InlineData(8008, 6)]
    public void Payload_around_the_mtu_gives_as_many_fragments_as_1480_byte_pieces_need(int payloadLength, int expected)
    {
        var fragments = Fragment(Header, Payload(payloadLength), 1500);
        Assert.Equal(expected, fragments.Count);
        Assert.All(fragments, f => Assert.True(f.Length <= 1500));
    }

    [Fact]
    public void Fragments_carry_offsets_in_8_byte_units_mf_on_all_but_the_last_and_valid_checksums()
    {
        var payload = Payload(4000);
        var fragments = Fragment(Header, payload, 1500);
        var expectedOffset = 0;
        for (var i = 0; i < fragments.Count; i++)
        {
            Assert.True(Ipv4Packet.TryParse(fragments[i], out var packet, out _));
            Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum());
            Assert.Equal(fragments[i].Length, packet.TotalLength);
            Assert.Equal(expectedOffset, packet.FragmentByteOffset);
            Assert.Equal(i < fragments.Count - 1, packet.MoreFragments);
            Assert.Equal((0x4242, IpProtocol.Udp, false), (packet.Identification, packet.Protocol, packet.DontFragment));
            if (packet.MoreFragments)
                Assert.Equal(0, packet.Payload.Length % 8);
            Assert.Equal(payload.AsSpan(expectedOffset, packet.Payload.Length).ToArray(), packet.Payload.ToArray());
            expectedOffset += packet.Payload.Length;
        }
        Assert.Equal(payload.Length, expectedOffset);
        Assert.Equal([1480, 1480, 1040], fragments.Select(f => f.Length - 20));
    }

    [Fact]
    public void An_mtu_that_is_not_header_plus_a_multiple_of_8_rounds_the_piece_down()
    {
        var fragments = Fragment(Header, Payload(100), 20 + 8 * 5 + 7);
        Assert.Equal([40, 40, 20], fragments.Select(f => f.Length - 20));
    }

    [Fact]
    public void A_datagram_that_fits_is_written_whole_with_its_own_flags()
    {
        var fragments = Fragment(Header with { DontFragment = true }, Payload(1480), 1500);
        Assert.True(Ipv4Packet.TryParse(Assert.Single(fragments), out var packet, out _));
        Assert.Equal((false, (ushort)0, true, 1500), (packet.MoreFragments, packet.FragmentOffset, packet.DontFragment, (int)packet.TotalLength));
        Assert.Equal(ChecksumStatus.Good, packet.VerifyChecksum());
    }

    [Fact]
    public void Only_options_with_the_copied_flag_reach_the_later_fragments()
    {
        // Security (130, copied, 11 bytes) then Record Route (7, not copied, 7 bytes): 18 bytes, padded to 20.
        byte[] options = [130, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 7, 4, 0, 0, 0, 0, 0, 0];
        var header = Header with { Options = options };
        var fragments = Fragment(header, Payload(3000), 1500);
        Assert.True(Ipv4Packet.TryParse(fragments[0], out var first, out _));
        Assert.Equal(options, first.Options.ToArray());
        Assert.True(Ipv4Packet.TryParse(fragments[1], out var second, out _));
        Assert.Equal(new byte[] { 130, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, second.Options.ToArray());
        Assert.Equal(ChecksumStatus.Good, second.VerifyChecksum());
        Assert.Equal((1500 - 40) & ~7, first.Payload.Length);
        Assert.Equal(0, second.Payload.Length % 8);
    }

    [Fact]
    public void A_fragment_fragmented_again_keeps_its_offset_and_its_more_fragments_flag()
    {
        var fragments = Fragment(Header with { MoreFragments = true, FragmentOffset = 100 }, Payload(1600), 1000);
        Assert.Equal(2, fragments.Count);
        Assert.All(fragments, f =>
        {
            Assert.True(Ipv4Packet.TryParse(f, out var p, out _));
            Assert.True(p.MoreFragments);
        });
        Assert.True(Ipv4Packet.TryParse(fragments[1], out var last, out _));
        Assert.Equal(800 + 976, last.FragmentByteOffset);
    }

    [Fact]
    public void An_mtu_below_68_cannot_carry_a_fragment_of_a_full_header()
    {
        var header = Header with { Options = new byte[40] };
        Assert.Equal(0, Ipv4Fragmentation.Measure(header, 100, 67, out _));
        Assert.True(Ipv4Fragmentation.Measure(header, 100, Ipv4Fragmentation.MinimumMtu, out _) > 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4Fragmentation.Emit(header, Payload(100), 67, new byte[1000], new int[10]));
    }

    [Fact]
    public void Fragmenting_allocates_nothing_beyond_the_callers_buffer()
    {
        var payload = Payload(8000);
        var buffer = new byte[9000];
        var lengths = new int[8];
        Ipv4Fragmentation.Emit(Header, payload, 1500, buffer, lengths);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
            Ipv4Fragmentation.Emit(Header, payload, 1500, buffer, lengths);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Fragments_in_any_order_reassemble_to_the_datagram()
    {
        var cases =
            from length in Gen.Choose(1, 9000)
            from mtu in Gen.Choose(68, 1500)
            from seed in ArbMap.Default.GeneratorFor<int>()
            select (length, mtu, seed);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var payload = Payload(c.length);
            var fragments = Fragment(Header, payload, c.mtu);
            var shuffled = fragments.ToArray();
            new Random(c.seed).Shuffle(shuffled);
            var reassembler = new Ipv4Reassembler(TimeSpan.FromSeconds(60));
            ReadOnlyMemory<byte> datagram = default;
            var statuses = new List<Ipv4ReassemblyStatus>();
            foreach (var fragment in shuffled)
            {
                Assert.True(Ipv4Packet.TryParse(fragment, out var packet, out _));
                statuses.Add(fragments.Count == 1 ? Ipv4ReassemblyStatus.Complete : reassembler.Add(packet, DateTimeOffset.UnixEpoch, out datagram));
            }
            if (fragments.Count == 1)
                return true;
            Assert.True(Ipv4Packet.TryParse(datagram.Span, out var whole, out _));
            return statuses[^1] == Ipv4ReassemblyStatus.Complete && statuses.SkipLast(1).All(s => s == Ipv4ReassemblyStatus.Incomplete) &&
                   whole.Payload.SequenceEqual(payload) && !whole.IsFragment && whole.VerifyChecksum() == ChecksumStatus.Good &&
                   reassembler.Pending == 0 && reassembler.BytesHeld == 0;
        }).QuickCheckThrowOnFailure();
    }
}
