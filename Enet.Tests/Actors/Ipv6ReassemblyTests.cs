using Enet.Actors.Ip;
using Enet.Codecs;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Actors;

/// <summary>IPv6 reassembly (RFC 8200 4.5, RFC 5722) on its own: fragments in, datagrams or verdicts out.</summary>
public sealed class Ipv6ReassemblyTests
{
    private static readonly Ipv6Address Source = Ipv6Address.Parse("2001:db8:5::1");
    private static readonly Ipv6Address Destination = Ipv6Address.Parse("2001:db8:5::2");
    private static readonly Ipv6Settings Settings = new(MacAddress.Zero, []);

    private static readonly byte[] Payload = Ipv6TestFrames.Pattern(3000);

    private static byte[] Fragment(int offset, int length, bool more, uint id = 7, byte[]? payload = null) =>
        Ipv6TestFrames.Fragment(Source, Destination, IpProtocol.Udp, id, payload ?? Payload, offset, length, more);

    private static Ipv6ReassemblyOutcome Add(Ipv6Reassembly reassembly, byte[] fragment) => Add(reassembly, fragment, out _);

    private static Ipv6ReassemblyOutcome Add(Ipv6Reassembly reassembly, byte[] fragment, out byte[]? datagram)
    {
        Assert.True(Ipv6Packet.TryParse(fragment, out var packet, out _));
        return reassembly.Add(fragment, packet, out _, out datagram, out _);
    }

    /// <summary>The datagram as the sender had it before fragmenting.</summary>
    private static byte[] Whole(byte[]? payload = null) => Ipv6TestFrames.Packet(Source, Destination, IpProtocol.Udp, payload ?? Payload);

    [Fact]
    public void Fragments_in_order_make_the_original_datagram()
    {
        var reassembly = new Ipv6Reassembly(Settings);
        Assert.Equal(Ipv6ReassemblyOutcome.Started, Add(reassembly, Fragment(0, 1448, true)));
        Assert.Equal(Ipv6ReassemblyOutcome.Pending, Add(reassembly, Fragment(1448, 1448, true)));
        Assert.Equal(Ipv6ReassemblyOutcome.Complete, Add(reassembly, Fragment(2896, 104, false), out var datagram));
        Assert.Equal(Whole(), datagram);
        Assert.Equal((0, 0L), (reassembly.Count, reassembly.BytesHeld));
    }

    [Fact]
    public void Any_split_into_fragments_arriving_in_any_order_reassembles_to_the_original()
    {
        var split = from length in Gen.Choose(1, 4000)
                    from units in Gen.Choose(1, 200)
                    from seed in Gen.Choose(0, int.MaxValue)
                    select (Length: length, Chunk: units * 8, Seed: seed);
        Prop.ForAll(Arb.From(split), s =>
        {
            var payload = Ipv6TestFrames.Pattern(s.Length);
            var pieces = Enumerable.Range(0, (s.Length + s.Chunk - 1) / s.Chunk)
                .Select(i => Fragment(i * s.Chunk, Math.Min(s.Chunk, s.Length - i * s.Chunk), (i + 1) * s.Chunk < s.Length, payload: payload))
                .ToList();
            new Random(s.Seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pieces));
            var reassembly = new Ipv6Reassembly(Settings);
            var outcomes = pieces.Select(piece => (Outcome: Add(reassembly, piece, out var datagram), Datagram: datagram)).ToList();
            return outcomes[..^1].All(o => o.Outcome is Ipv6ReassemblyOutcome.Started or Ipv6ReassemblyOutcome.Pending) &&
                   outcomes[^1].Outcome == Ipv6ReassemblyOutcome.Complete && outcomes[^1].Datagram!.AsSpan().SequenceEqual(Whole(payload)) &&
                   reassembly.Count == 0 && reassembly.BytesHeld == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Fragments_out_of_order_make_the_original_datagram()
    {
        var reassembly = new Ipv6Reassembly(Settings);
        Assert.Equal(Ipv6ReassemblyOutcome.Started, Add(reassembly, Fragment(2896, 104, false)));
        Assert.Equal(Ipv6ReassemblyOutcome.Pending, Add(reassembly, Fragment(0, 1448, true)));
        Assert.Equal(Ipv6ReassemblyOutcome.Complete, Add(reassembly, Fragment(1448, 1448, true), out var datagram));
        Assert.Equal(Whole(), datagram);
    }

    [Fact]
    public void Exact_duplicate_is_dropped_alone_and_the_datagram_still_completes()
    {
        var reassembly = new Ipv6Reassembly(Settings);
        Add(reassembly, Fragment(0, 1448, true));
        var held = reassembly.BytesHeld;
        Assert.Equal(Ipv6ReassemblyOutcome.Duplicate, Add(reassembly, Fragment(0, 1448, true)));
        Assert.Equal(held, reassembly.BytesHeld);
        Add(reassembly, Fragment(1448, 1448, true));
        Assert.Equal(Ipv6ReassemblyOutcome.Complete, Add(reassembly, Fragment(2896, 104, false), out var datagram));
        Assert.Equal(Whole(), datagram);
        Assert.Equal(0, reassembly.Failures);
    }

    [Fact]
    public void Overlapping_fragment_drops_the_datagram_and_every_later_fragment_of_it()
    {
        var reassembly = new Ipv6Reassembly(Settings);
        Add(reassembly, Fragment(0, 1448, true));
        Assert.Equal(Ipv6ReassemblyOutcome.Dropped, Add(reassembly, Fragment(1440, 1448, true)));
        Assert.Equal((1, 0L), (reassembly.Failures, reassembly.BytesHeld));
        // RFC 5722 4: fragments not yet received are discarded too, so the "missing" pieces complete nothing.
        Assert.Equal(Ipv6ReassemblyOutcome.Dropped, Add(reassembly, Fragment(1448, 1448, true)));
        Assert.Equal(Ipv6ReassemblyOutcome.Dropped, Add(reassembly, Fragment(2896, 104, false)));
        // The tombstone goes at the timeout, without a time exceeded message.
        Assert.False(reassembly.Expire(new Ipv6FragmentKey(Source, Destination, 7), out var first));
        Assert.Null(first);
        Assert.Equal(0, reassembly.Count);
    }

    [Fact]
    public void A_second_last_fragment_with_another_length_drops_the_datagram()
    {
        var reassembly = new Ipv6Reassembly(Settings);
        Add(reassembly, Fragment(1448, 1448, false));
        Assert.Equal(Ipv6ReassemblyOutcome.Dropped, Add(reassembly, Fragment(2896, 104, false)));
    }

    [Fact]
    public void Timeout_gives_the_first_fragment_back_only_when_it_arrived()
    {
        var reassembly = new Ipv6Reassembly(Settings);
        var first = Fragment(0, 1448, true);
        Add(reassembly, first);
        Add(reassembly, Fragment(2896, 104, false, id: 8));
        Assert.True(reassembly.Expire(new Ipv6FragmentKey(Source, Destination, 7), out var kept));
        Assert.Equal(first.AsSpan(0, Ipv6Reassembly.MaxInvokingPacket).ToArray(), kept);
        Assert.True(reassembly.Expire(new Ipv6FragmentKey(Source, Destination, 8), out var none));
        Assert.Null(none);
        Assert.Equal((0, 0L, 2L), (reassembly.Count, reassembly.BytesHeld, reassembly.Failures));
    }

    [Theory]
    [InlineData(0, 1447, true, 4)]
    [InlineData(65528, 16, false, 42)]
    public void Bad_fragment_lengths_are_parameter_problems_at_the_field_at_fault(int offset, int length, bool more, int expectedPointer)
    {
        var reassembly = new Ipv6Reassembly(Settings);
        var payload = new byte[offset + length];
        var fragment = Fragment(offset, length, more, payload: payload);
        Assert.True(Ipv6Packet.TryParse(fragment, out var packet, out _));
        Assert.Equal(Ipv6ReassemblyOutcome.ParameterProblem, reassembly.Add(fragment, packet, out _, out _, out var pointer));
        Assert.Equal(expectedPointer, pointer);
        Assert.Equal(0, reassembly.Count);
    }

    [Fact]
    public void Datagram_beyond_its_bound_is_dropped()
    {
        var reassembly = new Ipv6Reassembly(Settings with { MaxReassemblyDatagramBytes = 2000 });
        Add(reassembly, Fragment(1448, 1448, true));
        Assert.Equal(Ipv6ReassemblyOutcome.Dropped, Add(reassembly, Fragment(0, 1448, true)));
        Assert.Equal((1, 0L), (reassembly.Failures, reassembly.BytesHeld));
    }

    [Fact]
    public void Memory_bound_for_all_datagrams_drops_the_oldest_first()
    {
        var reassembly = new Ipv6Reassembly(Settings with { MaxReassemblyBytes = 4500 });
        for (uint id = 1; id <= 4; id++)
            Assert.Equal(Ipv6ReassemblyOutcome.Started, Add(reassembly, Fragment(1448, 1448, true, id)));
        Assert.Equal((3, 1L), (reassembly.Count, reassembly.Failures));
        Assert.True(reassembly.BytesHeld <= 4500);
        // Datagram 1 went: its last fragment starts it over instead of completing anything.
        Assert.Equal(Ipv6ReassemblyOutcome.Started, Add(reassembly, Fragment(2896, 104, false, id: 1)));
        // Datagram 3's first fragment needs room (data, unfragmentable part, the copy kept for an ICMPv6 error):
        // the oldest others make it.
        Assert.Equal(Ipv6ReassemblyOutcome.Pending, Add(reassembly, Fragment(0, 1448, true, id: 3)));
        Assert.True(reassembly.BytesHeld <= 4500);
        Assert.Equal(Ipv6ReassemblyOutcome.Complete, Add(reassembly, Fragment(2896, 104, false, id: 3), out var datagram));
        Assert.Equal(Whole(), datagram);
        Assert.Equal(3, reassembly.Failures);
    }

    [Fact]
    public void Count_bound_drops_the_oldest_datagram()
    {
        var reassembly = new Ipv6Reassembly(Settings with { MaxReassemblies = 2 });
        for (uint id = 1; id <= 3; id++)
            Add(reassembly, Fragment(1448, 1448, true, id));
        Assert.Equal((2, 1L), (reassembly.Count, reassembly.Failures));
        Assert.False(reassembly.Expire(new Ipv6FragmentKey(Source, Destination, 1), out _));
        Assert.True(reassembly.Expire(new Ipv6FragmentKey(Source, Destination, 3), out _));
    }
}
