using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

public sealed class CongestionControlTests
{
    private const int Mss = 1000;
    private static readonly SequenceNumber Iss = new(1000);

    [Fact]
    public void Initial_window_is_rfc_5681_equation_1()
    {
        Assert.Equal(4 * 536, new CongestionControl(536, Iss).Window);
        Assert.Equal(3 * 1460, new CongestionControl(1460, Iss).Window);
        Assert.Equal(2 * 4000, new CongestionControl(4000, Iss).Window);
    }

    [Fact]
    public void Slow_start_adds_one_mss_per_ack_and_congestion_avoidance_about_one_mss_per_window()
    {
        var cc = new CongestionControl(Mss, Iss);
        var ack = Iss + 1;
        for (var i = 0; i < 4; i++)
            cc.OnNewAck(Mss, ack += Mss, 0);
        Assert.Equal(8 * Mss, cc.Window);
        // A loss sets ssthresh to half the flight; after recovery growth is linear.
        Assert.False(cc.OnDuplicateAck(ack, ack + 8 * Mss, 8 * Mss));
        Assert.False(cc.OnDuplicateAck(ack, ack + 8 * Mss, 8 * Mss));
        Assert.True(cc.OnDuplicateAck(ack, ack + 8 * Mss, 8 * Mss));
        cc.OnNewAck(8 * Mss, ack += 8 * Mss, 0);
        Assert.Equal((4 * Mss, 2 * Mss), (cc.SlowStartThreshold, cc.Window));
        cc.OnNewAck(Mss, ack += Mss, 0);
        cc.OnNewAck(Mss, ack += Mss, 0);
        Assert.Equal(4 * Mss, cc.Window);
        // At ssthresh: a window's worth of ACKs adds about one MSS (RFC 5681 3.1 equation 3).
        for (var i = 0; i < 4; i++)
            cc.OnNewAck(Mss, ack += Mss, 0);
        Assert.InRange(cc.Window - 4 * Mss, 850, Mss);
    }

    [Fact]
    public void Third_duplicate_ack_halves_the_flight_into_ssthresh_and_inflates_by_three_then_one_per_duplicate()
    {
        var cc = new CongestionControl(Mss, Iss);
        var una = Iss + 1;
        var max = una + 10 * Mss;
        Assert.False(cc.OnDuplicateAck(una, max, 10 * Mss));
        Assert.False(cc.OnDuplicateAck(una, max, 10 * Mss));
        Assert.True(cc.OnDuplicateAck(una, max, 10 * Mss));
        Assert.True(cc.InFastRecovery);
        Assert.Equal((5 * Mss, 8 * Mss), (cc.SlowStartThreshold, cc.Window));
        Assert.False(cc.OnDuplicateAck(una, max, 10 * Mss));
        Assert.Equal(9 * Mss, cc.Window);
        Assert.Equal(1, cc.FastRetransmits);
    }

    [Fact]
    public void A_partial_ack_retransmits_and_deflates_and_a_full_ack_ends_recovery_at_ssthresh()
    {
        var cc = new CongestionControl(Mss, Iss);
        var una = Iss + 1;
        var max = una + 10 * Mss;
        for (var i = 0; i < 3; i++)
            cc.OnDuplicateAck(una, max, 10 * Mss);
        // RFC 6582 3.2 step 5: 3 segments acked of 10: cwnd 8 - 3 + 1 MSS, still in recovery, retransmit.
        Assert.True(cc.OnNewAck(3 * Mss, una + 3 * Mss, 7 * Mss));
        Assert.Equal(6 * Mss, cc.Window);
        Assert.True(cc.InFastRecovery);
        // Step 6: everything up to recover acknowledged.
        Assert.False(cc.OnNewAck(7 * Mss, max, 0));
        Assert.False(cc.InFastRecovery);
        Assert.Equal(2 * Mss, cc.Window);
    }

    [Fact]
    public void Duplicates_below_recover_after_a_timeout_do_not_start_fast_retransmit()
    {
        var cc = new CongestionControl(Mss, Iss);
        var una = Iss + 1;
        var max = una + 10 * Mss;
        cc.OnRetransmitTimeout(10 * Mss, max, firstExpiry: true);
        Assert.Equal((Mss, 5 * Mss), (cc.Window, cc.SlowStartThreshold));
        for (var i = 0; i < 3; i++)
            Assert.False(cc.OnDuplicateAck(una, max, 10 * Mss));
        // A second expiry of the same segment keeps ssthresh (RFC 5681 3.1).
        cc.OnRetransmitTimeout(Mss, max, firstExpiry: false);
        Assert.Equal(5 * Mss, cc.SlowStartThreshold);
    }

    [Fact]
    public void Limited_transmit_lets_the_first_two_duplicates_each_send_a_segment_beyond_cwnd_and_none_in_recovery()
    {
        var cc = new CongestionControl(Mss, Iss);
        var una = Iss + 1;
        var max = una + 4 * Mss;
        Assert.Equal(0, cc.LimitedTransmit);
        cc.OnDuplicateAck(una, max, 4 * Mss);
        Assert.Equal(Mss, cc.LimitedTransmit);
        cc.LimitedTransmitSent(Mss);
        cc.OnDuplicateAck(una, max + Mss, 5 * Mss);
        Assert.Equal(2 * Mss, cc.LimitedTransmit);
        cc.LimitedTransmitSent(Mss);
        // RFC 3042 2 leaves cwnd alone, and RFC 5681 3.2 step 2 halves the flight without the two extra segments:
        // 6 - 2 segments, not 6.
        Assert.Equal(4 * Mss, cc.Window);
        Assert.True(cc.OnDuplicateAck(una, max + 2 * Mss, 6 * Mss));
        Assert.Equal((2 * Mss, 5 * Mss), (cc.SlowStartThreshold, cc.Window));
        Assert.Equal(0, cc.LimitedTransmit);
    }

    [Fact]
    public void Duplicates_below_recover_after_a_small_cumulative_step_are_a_new_loss_by_the_ack_heuristic()
    {
        var cc = new CongestionControl(Mss, Iss);
        var una = Iss + 1;
        var max = una + 20 * Mss;
        cc.OnRetransmitTimeout(10 * Mss, max, firstExpiry: true);
        // Slow start after the timeout, ACKs of one or two segments at a time: cwnd grows above one SMSS.
        cc.OnNewAck(Mss, una += Mss, 19 * Mss);
        cc.OnNewAck(2 * Mss, una += 2 * Mss, 17 * Mss);
        Assert.True(una < max);
        for (var i = 0; i < 2; i++)
            Assert.False(cc.OnDuplicateAck(una, max, 17 * Mss));
        // RFC 6582 4.1: the last step was at most 4*SMSS, so these duplicates mean a segment was lost again.
        Assert.True(cc.OnDuplicateAck(una, max, 17 * Mss));

        var jumped = new CongestionControl(Mss, Iss);
        var at = Iss + 1;
        jumped.OnRetransmitTimeout(10 * Mss, max, firstExpiry: true);
        jumped.OnNewAck(Mss, at += Mss, 19 * Mss);
        // A jump of 10 segments: the peer had them; duplicates now answer data it got twice.
        jumped.OnNewAck(10 * Mss, at += 10 * Mss, 9 * Mss);
        for (var i = 0; i < 3; i++)
            Assert.False(jumped.OnDuplicateAck(at, max, 9 * Mss));
    }
}
