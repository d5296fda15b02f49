using Enet.Tap;
using Xunit;

namespace Enet.Tests.Tap;

public class FaultInjectorTests
{
    private static (InMemoryWire Wire, FaultInjector Sender, ILink Receiver) Wire(FaultProfile profile, int seed, TimeProvider? time = null, int capacity = 20_000)
    {
        var wire = new InMemoryWire(receiveCapacity: capacity, time: time);
        var sender = new FaultInjector(wire.Attach("a"), profile, seed, time);
        return (wire, sender, wire.Attach("b"));
    }

    private static List<byte[]> Run(FaultProfile profile, int seed, int count)
    {
        var (wire, sender, receiver) = Wire(profile, seed);
        using (wire)
        {
            for (var i = 0; i < count; i++)
                sender.TrySend(Frames.Numbered(i));
            return Frames.Drain(receiver);
        }
    }

    private static readonly FaultProfile Everything = new()
    {
        Loss = 0.1, Duplication = 0.1, Reordering = 0.1, Corruption = 0.1,
    };

    [Fact]
    public void Same_seed_gives_the_same_fault_sequence()
    {
        var first = Run(Everything, 42, 2000);
        var second = Run(Everything, 42, 2000);
        Assert.Equal(first.Count, second.Count);
        Assert.True(first.Zip(second).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
        var other = Run(Everything, 43, 2000);
        Assert.False(other.Count == first.Count && other.Zip(first).All(p => p.First.AsSpan().SequenceEqual(p.Second)));
    }

    [Fact]
    public void Loss_of_30_percent_over_10k_frames_stays_within_bounds()
    {
        var (wire, sender, receiver) = Wire(new FaultProfile { Loss = 0.3 }, 7);
        using var _ = wire;
        for (var i = 0; i < 10_000; i++)
            Assert.True(sender.TrySend(Frames.Numbered(i)));
        var received = Frames.Drain(receiver).Select(f => Frames.SequenceOf(f)).ToList();
        // Binomial(10000, 0.7): sd ≈ 46, so ±250 is more than five sd.
        Assert.InRange(received.Count, 6750, 7250);
        Assert.Equal(10_000 - received.Count, sender.Lost);
        Assert.Equal(received.Order(), received);
    }

    [Fact]
    public void Duplication_sends_extra_copies_right_behind_the_original()
    {
        var (wire, sender, receiver) = Wire(new FaultProfile { Duplication = 0.2 }, 3);
        using var _ = wire;
        for (var i = 0; i < 10_000; i++)
            sender.TrySend(Frames.Numbered(i));
        var received = Frames.Drain(receiver).Select(f => Frames.SequenceOf(f)).ToList();
        Assert.InRange(sender.Duplicated, 1750, 2250);
        Assert.Equal(10_000 + sender.Duplicated, received.Count);
        Assert.Equal(Enumerable.Range(0, 10_000), received.Distinct());
    }

    [Fact]
    public void Corruption_flips_exactly_one_bit()
    {
        var (wire, sender, receiver) = Wire(new FaultProfile { Corruption = 0.25 }, 11);
        using var _ = wire;
        for (var i = 0; i < 4000; i++)
            sender.TrySend(Frames.Numbered(i));
        var changed = Frames.Drain(receiver).Select((frame, i) => BitsDiffering(frame, Frames.Numbered(i))).ToList();
        Assert.Equal(4000, changed.Count);
        Assert.All(changed, bits => Assert.InRange(bits, 0, 1));
        Assert.Equal(sender.Corrupted, changed.Count(bits => bits == 1));
        Assert.InRange(sender.Corrupted, 850, 1150);
    }

    [Fact]
    public void Reordering_swaps_a_held_frame_with_the_next()
    {
        var (wire, sender, receiver) = Wire(new FaultProfile { Reordering = 0.1 }, 5);
        using var _ = wire;
        for (var i = 0; i < 10_000; i++)
            sender.TrySend(Frames.Numbered(i));
        var received = Frames.Drain(receiver).Select(f => Frames.SequenceOf(f)).ToList();
        var swaps = received.Zip(received.Skip(1)).Count(p => p.First == p.Second + 1);
        Assert.InRange(sender.Reordered, 800, 1100);
        Assert.True(swaps == sender.Reordered || swaps == sender.Reordered - 1, $"{swaps} swaps for {sender.Reordered} held");
        Assert.Equal(Enumerable.Range(0, received.Count), received.Order());
    }

    [Fact]
    public void Delay_holds_frames_until_the_clock_passes_it()
    {
        var clock = new ManualTimeProvider();
        var (wire, sender, receiver) = Wire(new FaultProfile { Delay = TimeSpan.FromMilliseconds(50) }, 1, clock);
        using var _ = wire;
        sender.TrySend(Frames.Numbered(0));
        clock.Advance(TimeSpan.FromMilliseconds(20));
        sender.TrySend(Frames.Numbered(1));
        clock.Advance(TimeSpan.FromMilliseconds(29));
        Assert.Empty(Frames.Drain(receiver));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([0], Frames.Drain(receiver).Select(f => Frames.SequenceOf(f)));
        clock.Advance(TimeSpan.FromMilliseconds(20));
        Assert.Equal([1], Frames.Drain(receiver).Select(f => Frames.SequenceOf(f)));
        Assert.Equal(2, sender.Delayed);
    }

    [Fact]
    public void Jitter_with_the_same_seed_and_clock_reorders_the_same_way()
    {
        List<int> Once()
        {
            var clock = new ManualTimeProvider();
            var (wire, sender, receiver) = Wire(new FaultProfile { Delay = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(10) }, 9, clock);
            using var _ = wire;
            for (var i = 0; i < 500; i++)
            {
                sender.TrySend(Frames.Numbered(i));
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }
            clock.Advance(TimeSpan.FromSeconds(1));
            return Frames.Drain(receiver).Select(f => Frames.SequenceOf(f)).ToList();
        }
        var first = Once();
        Assert.Equal(500, first.Count);
        Assert.NotEqual(Enumerable.Range(0, 500), first);
        Assert.Equal(first, Once());
    }

    [Fact]
    public void Rate_limit_in_frames_per_second_polices_the_excess()
    {
        var clock = new ManualTimeProvider();
        var (wire, sender, receiver) = Wire(new FaultProfile { RateFramesPerSecond = 500 }, 1, clock);
        using var _ = wire;
        for (var i = 0; i < 10_000; i++)
        {
            sender.TrySend(Frames.Numbered(i));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        // 10 s offered at 1000 frames/s through a 500 frames/s policer, plus the initial 5-frame burst.
        Assert.InRange(Frames.Drain(receiver).Count, 4995, 5010);
        Assert.InRange(sender.RateLimited, 4990, 5005);
    }

    [Fact]
    public void Rate_limit_in_bits_per_second_polices_the_excess()
    {
        var clock = new ManualTimeProvider();
        var (wire, sender, receiver) = Wire(new FaultProfile { RateBitsPerSecond = 1_000_000 }, 1, clock);
        using var _ = wire;
        for (var i = 0; i < 2000; i++)
        {
            sender.TrySend(Frames.Numbered(i, 1000));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        // 8 Mbit/s offered for 2 s through 1 Mbit/s: about 250 frames of 8000 bits.
        Assert.InRange(Frames.Drain(receiver).Count, 245, 260);
    }

    [Fact]
    public void Probability_outside_zero_to_one_is_refused()
    {
        using var wire = new InMemoryWire();
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultInjector(wire.Attach("a"), new FaultProfile { Loss = 1.5 }, 1));
    }

    private static int BitsDiffering(byte[] a, byte[] b) =>
        a.Zip(b).Sum(p => System.Numerics.BitOperations.PopCount((uint)(p.First ^ p.Second)));
}
