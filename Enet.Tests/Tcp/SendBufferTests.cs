using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

public sealed class SendBufferTests
{
    [Fact]
    public void Keeps_bytes_across_the_ring_edge_and_refuses_what_does_not_fit()
    {
        var buffer = new SendBuffer(8);
        Assert.True(buffer.TryAppend("abcdef"u8));
        buffer.Discard(4);
        Assert.True(buffer.TryAppend("ghijkl"u8));
        Assert.False(buffer.TryAppend("m"u8));
        var all = new byte[8];
        buffer.CopyTo(0, all);
        Assert.Equal("efghijkl"u8.ToArray(), all);
        var middle = new byte[3];
        buffer.CopyTo(3, middle);
        Assert.Equal("hij"u8.ToArray(), middle);
        Assert.Equal(0, buffer.Free);
    }

    [Fact]
    public void Resize_keeps_the_queued_bytes_in_order_and_refuses_a_size_that_cannot_hold_them()
    {
        var buffer = new SendBuffer(8);
        Assert.True(buffer.TryAppend("abcdef"u8));
        buffer.Discard(4);
        Assert.True(buffer.TryAppend("ghijkl"u8));
        buffer.Resize(16);
        Assert.Equal((16, 8), (buffer.Capacity, buffer.Count));
        Assert.True(buffer.TryAppend("mn"u8));
        var all = new byte[10];
        buffer.CopyTo(0, all);
        Assert.Equal("efghijklmn"u8.ToArray(), all);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Resize(9));
    }
}
