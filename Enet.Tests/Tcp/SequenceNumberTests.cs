using Enet.Actors.Tcp;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>RFC 9293 3.4 sequence-number arithmetic modulo 2^32.</summary>
public sealed class SequenceNumberTests
{
    private static readonly Gen<int> Distance = Gen.Choose(1, int.MaxValue);

    [Fact]
    public void A_number_is_before_any_number_less_than_2_to_the_31_ahead_of_it_across_the_wrap()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<uint>(), Arb.From(Distance), (value, distance) =>
        {
            var a = new SequenceNumber(value);
            var b = a + distance;
            return a < b && b > a && a <= b && b >= a && !(a >= b) && b - a == distance && a - b == -distance &&
                a.CompareTo(b) < 0 && b.CompareTo(a) > 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_then_subtracting_gives_the_number_back()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<uint>(), ArbMap.Default.ArbFor<int>(), (value, n) =>
        {
            var a = new SequenceNumber(value);
            return a + n - n == a && (a + n) - a == n;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void In_window_is_the_half_open_range_from_its_left_edge()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<uint>(), Arb.From(Gen.Choose(1, 1 << 30)), Arb.From(Gen.Choose(0, 1 << 30)), (left, length, offset) =>
        {
            var low = new SequenceNumber(left);
            return (low + offset).InWindow(low, length) == offset < length && !(low - 1).InWindow(low, length);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Wraps_at_2_to_the_32()
    {
        var top = new SequenceNumber(uint.MaxValue);
        Assert.Equal(new SequenceNumber(4), top + 5);
        Assert.True(top < top + 5);
        Assert.Equal(5, (top + 5) - top);
        // RFC 9293 3.4: SND.UNA < SEG.ACK =< SND.NXT across the wrap.
        Assert.True(new SequenceNumber(2).After(top, new SequenceNumber(3)));
        Assert.False(top.After(top, new SequenceNumber(3)));
        Assert.False(new SequenceNumber(0).InWindow(new SequenceNumber(0), 0));
        Assert.Equal(top + 5, SequenceNumber.Max(top, top + 5));
        Assert.Equal(top, SequenceNumber.Min(top, top + 5));
    }
}
