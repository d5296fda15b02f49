using Enet.Tap;
using FsCheck;
using FsCheck.Fluent;
using Xunit;

namespace Enet.Tests.Tap;

public class InMemoryWireTests
{
    [Fact]
    public void Wire_delivers_both_ways_in_order_without_faults()
    {
        using var wire = new InMemoryWire();
        var a = wire.Attach("a");
        var b = wire.Attach("b");
        for (var i = 0; i < 100; i++)
        {
            Assert.True(a.TrySend(Frames.Numbered(i)));
            Assert.True(b.TrySend(Frames.Numbered(1000 + i)));
        }
        Assert.Equal(Enumerable.Range(0, 100), Frames.Drain(b).Select(f => Frames.SequenceOf(f)));
        Assert.Equal(Enumerable.Range(1000, 100), Frames.Drain(a).Select(f => Frames.SequenceOf(f)));
        Assert.Equal(100, a.Counters.FramesSent);
        Assert.Equal(6400, b.Counters.BytesReceived);
    }

    [Fact]
    public void Wire_carries_any_frames_unchanged() =>
        Prop.ForAll<byte[][]>(frames =>
        {
            using var wire = new InMemoryWire(receiveCapacity: 1 + frames.Length);
            var a = wire.Attach("a");
            var b = wire.Attach("b");
            var sent = frames.Where(f => f.Length <= 1518).ToList();
            foreach (var frame in sent)
                a.TrySend(frame);
            var received = Frames.Drain(b);
            return received.Count == sent.Count && received.Zip(sent).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Hub_delivers_to_every_other_endpoint_but_not_back()
    {
        using var wire = new InMemoryWire();
        var links = Enumerable.Range(0, 4).Select(i => wire.Attach($"e{i}")).ToList();
        links[2].TrySend(Frames.Numbered(7));
        Assert.Equal([1, 1, 0, 1], links.Select(l => Frames.Drain(l).Count));
    }

    [Fact]
    public void Full_receive_queue_drops_new_frames_and_counts_them()
    {
        using var wire = new InMemoryWire(receiveCapacity: 8);
        var a = wire.Attach("a");
        var b = wire.Attach("b");
        for (var i = 0; i < 20; i++)
            a.TrySend(Frames.Numbered(i));
        Assert.Equal(12, b.Counters.ReceiveDrops);
        Assert.Equal(8, b.Counters.FramesReceived);
        Assert.Equal(Enumerable.Range(0, 8), Frames.Drain(b).Select(f => Frames.SequenceOf(f)));
    }

    [Fact]
    public void Frame_longer_than_the_mtu_allows_is_refused_and_counted()
    {
        using var wire = new InMemoryWire(mtu: 1500);
        var a = wire.Attach("a");
        var b = wire.Attach("b");
        Assert.True(a.TrySend(new byte[1518]));
        Assert.False(a.TrySend(new byte[1519]));
        Assert.Equal(1, a.Counters.SendDrops);
        Assert.Single(Frames.Drain(b));
    }

    [Fact]
    public void Disposed_endpoint_completes_and_stops_hearing_the_wire()
    {
        using var wire = new InMemoryWire();
        var a = wire.Attach("a");
        var b = wire.Attach("b");
        b.Dispose();
        Assert.True(b.Completion.IsCompletedSuccessfully);
        Assert.True(a.TrySend(Frames.Numbered(1)));
        Assert.False(b.TrySend(Frames.Numbered(2)));
        Assert.True(b.Received.Completion.IsCompleted);
    }

    [Fact]
    public void Receive_path_allocates_nothing_but_pooled_buffers()
    {
        using var wire = new InMemoryWire();
        var a = wire.Attach("a");
        var b = wire.Attach("b");
        var frame = Frames.Numbered(1, 1514);
        for (var i = 0; i < 100; i++)
            Pass();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
            Pass();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Pass()
        {
            a.TrySend(frame);
            b.Received.TryRead(out var received);
            received.Dispose();
        }
    }
}
