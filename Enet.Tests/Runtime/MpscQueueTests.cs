using Enet.Runtime.Dispatch;
using Xunit;

namespace Enet.Tests.Runtime;

public sealed class MpscQueueTests
{
    [Fact]
    public void Items_come_out_in_order_across_segment_growth()
    {
        var queue = new MpscQueue<int>(2);
        for (var i = 0; i < 1000; i++)
        {
            queue.Enqueue(i);
        }

        for (var i = 0; i < 1000; i++)
        {
            Assert.True(queue.TryDequeue(out var item));
            Assert.Equal(i, item);
        }

        Assert.False(queue.TryDequeue(out _));
        Assert.True(queue.IsEmpty);
    }

    [Fact]
    public void Concurrent_producers_keep_their_own_order_and_lose_nothing()
    {
        const int producers = 4;
        const int perProducer = 50_000;
        var queue = new MpscQueue<(int Producer, int Seq)>(4);
        var threads = Enumerable.Range(0, producers)
            .Select(p => new Thread(() =>
            {
                for (var i = 0; i < perProducer; i++)
                {
                    queue.Enqueue((p, i));
                }
            }))
            .ToList();
        threads.ForEach(t => t.Start());
        var next = new int[producers];
        var received = 0;
        while (received < producers * perProducer)
        {
            if (queue.TryDequeue(out var item))
            {
                Assert.Equal(next[item.Producer], item.Seq);
                next[item.Producer]++;
                received++;
            }
        }

        threads.ForEach(t => t.Join());
        Assert.False(queue.TryDequeue(out _));
        Assert.All(next, n => Assert.Equal(perProducer, n));
    }
}
