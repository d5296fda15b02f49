using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Codecs;

public class BytesTests
{
    [Fact]
    public void Bytes_compare_by_content_not_by_buffer()
    {
        Bytes a = new byte[] { 1, 2, 3 };
        Bytes b = new ReadOnlyMemory<byte>([0, 1, 2, 3, 4], 1, 3);
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, (Bytes)new byte[] { 1, 2 });
    }

    [Fact]
    public void Default_bytes_are_empty_and_equal_to_an_empty_array()
    {
        Assert.Equal(Bytes.Empty, (Bytes)Array.Empty<byte>());
        Assert.Equal(0, default(Bytes).Length);
        Assert.Equal("", default(Bytes).ToString());
    }

    [Fact]
    public void Bytes_print_as_lower_case_hex() => Assert.Equal("00abff", ((Bytes)new byte[] { 0x00, 0xAB, 0xFF }).ToString());

    [Fact]
    public void Copied_bytes_outlive_the_buffer_they_came_from()
    {
        var buffer = new byte[] { 9, 8, 7 };
        var copy = Bytes.CopyFrom(buffer);
        buffer[0] = 0;
        Assert.Equal("090807", copy.ToString());
    }
}
