using Enet.Tap;
using Xunit;

namespace Enet.Tests.Tap;

/// <summary>The bounded receive side every link shares: what it counts, and when.</summary>
public sealed class ReceiveQueueTests
{
    [Fact]
    public async Task A_frame_is_counted_before_a_reader_can_take_it()
    {
        var counters = new LinkCounters();
        // A TAP's queue: a waiting reader continues inside the writer's offer, before the offer returns.
        var queue = new ReceiveQueue(4, counters, TimeProvider.System, inlineReader: true);
        var seen = ReadAndCount();
        Assert.True(queue.TryDeliver(new byte[60]));
        Assert.Equal((1, 60), await seen);

        async Task<(long Frames, long Bytes)> ReadAndCount()
        {
            using var frame = await queue.Reader.ReadAsync().ConfigureAwait(false);
            return (counters.FramesReceived, counters.BytesReceived);
        }
    }

    [Fact]
    public void A_frame_refused_by_a_full_queue_is_a_drop_not_a_receipt()
    {
        var counters = new LinkCounters();
        var queue = new ReceiveQueue(1, counters, TimeProvider.System);
        Assert.True(queue.TryDeliver(new byte[60]));
        Assert.False(queue.TryDeliver(new byte[70]));
        Assert.Equal((1, 60, 1), (counters.FramesReceived, counters.BytesReceived, counters.ReceiveDrops));
    }
}
