using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>HyStart++'s rounds and thresholds (RFC 9406 4.2), fed ACKs directly: one ACK per 1000 bytes, rounds of
/// 8 ACKs, the RTT given per ACK.</summary>
public sealed class HyStartTests
{
    private uint una = 1000;

    /// <summary>A round of <see cref="HyStart.NRttSample"/> ACKs measuring <paramref name="rttMs"/>; true if one ended
    /// slow start.</summary>
    private bool Round(HyStart hyStart, double rttMs)
    {
        var ended = false;
        var end = una + 8000;
        for (var i = 0; i < HyStart.NRttSample; i++)
        {
            una += 1000;
            ended |= hyStart.OnAck(new SequenceNumber(una), new SequenceNumber(end), TimeSpan.FromMilliseconds(rttMs));
        }
        return ended;
    }

    [Fact]
    public void A_round_whose_least_rtt_rose_by_an_eighth_but_at_least_4_ms_starts_css_and_5_rounds_later_slow_start_ends()
    {
        var hyStart = new HyStart();
        Round(hyStart, 20);
        Round(hyStart, 20);
        // 20 ms / 8 = 2.5 ms is below MIN_RTT_THRESH: 3.9 ms more is not enough, 4 ms is.
        Round(hyStart, 23.9);
        Assert.False(hyStart.Conservative);
        Round(hyStart, 27.9);
        Assert.True(hyStart.Conservative);
        for (var i = 0; i < HyStart.CssRounds - 1; i++)
            Assert.False(Round(hyStart, 28));
        Assert.True(Round(hyStart, 28));
        Assert.False(hyStart.Active);
    }

    [Fact]
    public void An_rtt_back_below_the_css_baseline_resumes_slow_start()
    {
        var hyStart = new HyStart();
        Round(hyStart, 20);
        Round(hyStart, 30);
        Assert.True(hyStart.Conservative);
        Round(hyStart, 25);
        Assert.False(hyStart.Conservative);
        Assert.True(hyStart.Active);
    }

    [Fact]
    public void A_loss_ends_it()
    {
        var hyStart = new HyStart();
        Round(hyStart, 20);
        hyStart.Stop();
        Round(hyStart, 40);
        Assert.False(hyStart.Active || hyStart.Conservative);
    }
}
