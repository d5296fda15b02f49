using Enet.Actors.Tcp;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>Segments beyond RCV.NXT held, trimmed and handed back in order.</summary>
public sealed class OutOfOrderQueueTests
{
    private static readonly SequenceNumber Base = new(uint.MaxValue - 100);

    /// <summary>Everything <see cref="OutOfOrderQueue.TryTake"/> hands back from <paramref name="next"/> on, joined.</summary>
    private static byte[] TakeFrom(OutOfOrderQueue queue, SequenceNumber next)
    {
        var taken = new List<byte>();
        while (queue.TryTake(next, out var piece))
        {
            taken.AddRange(piece.Span);
            next += piece.Length;
        }
        return [.. taken];
    }

    [Fact]
    public void Pieces_in_any_order_with_overlaps_and_duplicates_come_back_as_the_original_stream()
    {
        var gen =
            from length in Gen.Choose(1, 400)
            from cuts in Gen.ListOf(Gen.Choose(0, 400))
            from copies in Gen.Choose(1, 3)
            from seed in Gen.Choose(0, 1000)
            select (length, cuts, copies, seed);
        Prop.ForAll(Arb.From(gen), t =>
        {
            var stream = Enumerable.Range(0, t.length).Select(i => (byte)(i * 7)).ToArray();
            var edges = t.cuts.Where(c => c < t.length).Append(0).Append(t.length).Distinct().Order().ToArray();
            var pieces = new List<(int Start, int End)>();
            for (var i = 0; i + 1 < edges.Length; i++)
                for (var c = 0; c < t.copies; c++)
                    // Overlap: extend some copies into the next piece.
                    pieces.Add((edges[i], Math.Min(t.length, edges[i + 1] + c * 3)));
            var random = new Random(t.seed);
            var queue = new OutOfOrderQueue(10_000);
            foreach (var (start, end) in pieces.OrderBy(_ => random.Next()))
                queue.Insert(Base + start, stream.AsSpan(start, end - start));
            var bytes = queue.Bytes;
            var taken = TakeFrom(queue, Base);
            return bytes == t.length && taken.SequenceEqual(stream) && queue.Count == 0 && queue.Bytes == 0;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Keeps_what_it_holds_when_a_later_copy_overlaps_it()
    {
        var queue = new OutOfOrderQueue(8);
        Assert.True(queue.Insert(Base + 10, "bbbb"u8));
        Assert.True(queue.Insert(Base + 8, "XXXXXXXX"u8));
        Assert.False(queue.Insert(Base + 10, "cc"u8));
        Assert.Equal(8, queue.Bytes);
        Assert.Empty(TakeFrom(queue, Base + 7));
        Assert.Equal("XXbbbbXX"u8.ToArray(), TakeFrom(queue, Base + 8));
    }

    [Fact]
    public void Trims_what_rcv_nxt_already_passed_and_stops_at_a_hole()
    {
        var queue = new OutOfOrderQueue(8);
        queue.Insert(Base + 5, "abcde"u8);
        queue.Insert(Base + 20, "z"u8);
        Assert.Equal("cde"u8.ToArray(), TakeFrom(queue, Base + 7));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Refuses_pieces_beyond_its_bound()
    {
        var queue = new OutOfOrderQueue(2);
        Assert.True(queue.Insert(Base + 10, "a"u8));
        Assert.True(queue.Insert(Base + 20, "b"u8));
        Assert.False(queue.Insert(Base + 30, "c"u8));
        Assert.Equal(2, queue.Count);
    }
}
