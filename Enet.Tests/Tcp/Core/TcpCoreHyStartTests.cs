using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;
using Xunit.Abstractions;

namespace Enet.Tests.Tcp.Core;

/// <summary>HyStart++ (RFC 9406) on two cores over a bottleneck (<see cref="CorePair"/>): slow start ends when the queue
/// starts to delay segments, not when it overflows.</summary>
public sealed class TcpCoreHyStartTests(ITestOutputHelper output)
{
    /// <summary>100 Mbit/s, 20 ms: 250 kB in flight fill the path; the 512 kB queue behind it (two path's worth)
    /// overflows once more than about 760 kB are in flight. No random loss: every drop is the queue's.</summary>
    private static readonly LinkProfile Bottleneck = new(TimeSpan.FromMilliseconds(20), 0, QueueBytes: 512 * 1024);

    private TransferResult Transfer(bool hyStart)
    {
        var settings = TcpSettings.Default with { HyStart = hyStart, SendBuffer = 4 << 20, ReceiveBuffer = 4 << 20 };
        var result = CorePair.Transfer(settings, settings, Bottleneck, 4 << 20, TimeSpan.FromMinutes(10));
        output.WriteLine($"hystart={hyStart}: {result.Elapsed.TotalSeconds:F3} s, {result.SegmentsLost} dropped, {result.Sender}");
        return result;
    }

    [Fact]
    public void The_first_slow_start_slows_when_the_queue_delays_segments_and_overflows_it_far_less()
    {
        var with = Transfer(hyStart: true);
        var without = Transfer(hyStart: false);
        Assert.True(with.Intact && without.Intact);
        Assert.Equal(("done", "off"), (with.Sender.HyStart, without.Sender.HyStart));
        // Plain slow start grows by half a window per round (an ACK per two segments) until the queue drops a burst.
        // RFC 9406 4.2: once a round's least RTT is 4 ms above the last's, CSS grows by an eighth per round for 5 rounds,
        // then congestion avoidance; the queue overflows, if at all, by a little. (Measured: 22 dropped and 9
        // retransmitted against 582 and 714.)
        Assert.True(with.SegmentsLost * 10 < without.SegmentsLost, $"dropped {with.SegmentsLost} vs {without.SegmentsLost}");
        Assert.True(with.Sender.Retransmits * 10 < without.Sender.Retransmits,
            $"retransmitted {with.Sender.Retransmits} vs {without.Sender.Retransmits}");
    }
}
