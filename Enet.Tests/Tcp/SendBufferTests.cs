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
}
