using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>RFC 8985 6.2 steps 3 and 4: RACK's reordering window and what adapts it.</summary>
public sealed class RackReorderingWindowTests
{
    private static readonly TimeSpan MinRtt = TimeSpan.FromMilliseconds(40), Srtt = TimeSpan.FromMilliseconds(100);

    private static SequenceNumber At(uint n) => new(n);

    [Fact]
    public void Starts_at_a_quarter_min_rtt_and_is_zero_when_a_loss_is_likely_and_no_reordering_was_seen()
    {
        var window = new RackReorderingWindow();
        Assert.Equal(TimeSpan.FromMilliseconds(10), window.Window(MinRtt, Srtt, lossLikely: false));
        Assert.Equal(TimeSpan.Zero, window.Window(MinRtt, Srtt, lossLikely: true));
    }

    [Fact]
    public void An_original_segment_delivered_below_the_highest_delivered_is_reordering_a_retransmitted_one_is_not()
    {
        var window = new RackReorderingWindow();
        window.Delivered(At(3000), retransmitted: false);
        window.Delivered(At(1000), retransmitted: true);
        Assert.False(window.ReorderingSeen);
        window.Delivered(At(2000), retransmitted: false);
        Assert.True(window.ReorderingSeen);
        // Step 4: once reordering is seen, the window stays even in recovery.
        Assert.Equal(TimeSpan.FromMilliseconds(10), window.Window(MinRtt, Srtt, lossLikely: true));
    }

    [Fact]
    public void A_d_sack_widens_it_once_per_round_trip_up_to_srtt()
    {
        var window = new RackReorderingWindow();
        window.Acknowledged(At(1000), sndNxt: At(5000), dsack: true);
        // A second D-SACK in the same round (SND.UNA below the SND.NXT of the first) does not count.
        window.Acknowledged(At(2000), sndNxt: At(6000), dsack: true);
        Assert.Equal(2, window.Multiplier);
        window.Acknowledged(At(5000), sndNxt: At(9000), dsack: true);
        Assert.Equal(3, window.Multiplier);
        Assert.Equal(TimeSpan.FromMilliseconds(30), window.Window(MinRtt, Srtt, lossLikely: false));
        for (var i = 0; i < 20; i++)
            window.Acknowledged(At(9000 + 10_000 * (uint)i), sndNxt: At(19_000 + 10_000 * (uint)i), dsack: true);
        Assert.Equal(Srtt, window.Window(MinRtt, Srtt, lossLikely: false));
    }

    [Fact]
    public void Sixteen_recoveries_without_a_d_sack_bring_it_back()
    {
        var window = new RackReorderingWindow();
        window.Acknowledged(At(1000), sndNxt: At(5000), dsack: true);
        window.Acknowledged(At(5000), sndNxt: At(6000), dsack: false);
        for (var i = 0; i < RackReorderingWindow.Persistence - 1; i++)
            window.RecoveryEnded();
        Assert.Equal(2, window.Multiplier);
        window.RecoveryEnded();
        Assert.Equal(1, window.Multiplier);
    }
}
