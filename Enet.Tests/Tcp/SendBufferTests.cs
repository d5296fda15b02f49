using System.Numerics;
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
    [Fact]
    public void Holds_no_ring_until_data_is_queued_and_gives_it_back_once_all_is_acknowledged()
    {
        var buffer = new SendBuffer(256 * 1024);
        Assert.Equal(0, buffer.Allocated);
        Assert.True(buffer.TryAppend("hello"u8));
        Assert.InRange(buffer.Allocated, SendBuffer.MinimumRing, 2 * SendBuffer.MinimumRing - 1);
        buffer.Discard(3);
        Assert.NotEqual(0, buffer.Allocated);
        buffer.Discard(2);
        Assert.Equal((0, 0), (buffer.Allocated, buffer.Count));
        Assert.True(buffer.TryAppend("again"u8));
        buffer.Clear();
        Assert.Equal((0, 0), (buffer.Allocated, buffer.Count));
    }

    [Fact]
    public void Growing_a_wrapped_ring_keeps_the_bytes_in_order()
    {
        var buffer = new SendBuffer(64 * 1024);
        var sent = Pattern(3000);
        Assert.True(buffer.TryAppend(sent.AsSpan(0, 1000)));
        var small = buffer.Allocated;
        buffer.Discard(600);
        // Fills the ring across its edge, then past its size: the copy into the larger ring must unwrap it.
        Assert.True(buffer.TryAppend(sent.AsSpan(1000, small - 1000 + 200)));
        Assert.Equal(small, buffer.Allocated);
        var appended = small + 200;
        Assert.True(buffer.TryAppend(sent.AsSpan(appended, sent.Length - appended)));
        Assert.True(buffer.Allocated > small);
        var queued = new byte[sent.Length - 600];
        buffer.CopyTo(0, queued);
        Assert.Equal(sent[600..], queued);
    }

    [Fact]
    public void Grows_up_to_the_capacity_and_no_further()
    {
        const int capacity = 10_000;
        var buffer = new SendBuffer(capacity);
        var sent = Pattern(capacity);
        for (var at = 0; at < capacity; at += 700)
            Assert.True(buffer.TryAppend(sent.AsSpan(at, Math.Min(700, capacity - at))));
        Assert.False(buffer.TryAppend("x"u8));
        Assert.Equal((capacity, 0), (buffer.Count, buffer.Free));
        // The pool hands out powers of two: the ring is the capacity rounded up, never a doubling beyond it.
        Assert.InRange(buffer.Allocated, capacity, (int)BitOperations.RoundUpToPowerOf2(capacity));
        var queued = new byte[capacity];
        buffer.CopyTo(0, queued);
        Assert.Equal(sent, queued);
    }

    [Fact]
    public void Shrinking_the_capacity_below_the_ring_moves_the_queued_bytes_into_a_smaller_one()
    {
        var buffer = new SendBuffer(64 * 1024);
        var sent = Pattern(9000);
        Assert.True(buffer.TryAppend(sent));
        buffer.Discard(8000);
        Assert.True(buffer.Allocated >= 9000);
        buffer.Resize(2000);
        Assert.InRange(buffer.Allocated, 1000, 2048);
        Assert.Equal((2000, 1000), (buffer.Capacity, buffer.Free));
        var queued = new byte[1000];
        buffer.CopyTo(0, queued);
        Assert.Equal(sent[8000..], queued);
    }

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7 + i / 251)).ToArray();
}
