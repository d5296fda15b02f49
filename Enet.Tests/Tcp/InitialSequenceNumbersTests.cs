using Enet.Actors.Tcp;
using Enet.Codecs;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>RFC 6528: M + F(4-tuple, key).</summary>
public sealed class InitialSequenceNumbersTests
{
    private static readonly Ipv4Address A = new(192, 0, 2, 1);
    private static readonly Ipv4Address B = new(192, 0, 2, 2);

    [Fact]
    public void One_tuple_advances_with_the_4_microsecond_clock_and_another_tuple_is_unrelated()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(20000);
        var isn = new InitialSequenceNumbers(() => now, new byte[16]);
        var first = isn.Next(new ConnectionId(A, 80, B, 40000));
        now += TimeSpan.FromMilliseconds(1);
        var second = isn.Next(new ConnectionId(A, 80, B, 40000));
        Assert.Equal(250, second - first);
        var other = isn.Next(new ConnectionId(A, 80, B, 40001));
        Assert.NotInRange(Math.Abs((long)(other - second)), 0, 1_000_000);
    }

    [Fact]
    public void Another_key_gives_other_numbers_for_the_same_tuple_and_time()
    {
        var now = DateTimeOffset.UnixEpoch;
        var one = new InitialSequenceNumbers(() => now, new byte[16]).Next(new ConnectionId(A, 80, B, 40000));
        var two = new InitialSequenceNumbers(() => now, Enumerable.Repeat((byte)1, 16).ToArray()).Next(new ConnectionId(A, 80, B, 40000));
        Assert.NotEqual(one, two);
    }
}
