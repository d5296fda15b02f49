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

    [Fact]
    public void Cubic_cuts_to_beta_and_then_follows_w_cubic_from_k_back_to_w_max_and_beyond()
    {
        var cc = new CongestionControl(Mss, Iss, CongestionAlgorithm.Cubic, sack: true);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ack = Iss + 1;
        // Slow start to 100 segments.
        while (cc.Window < 100 * Mss)
            cc.OnNewAck(Mss, ack += Mss, 0, start, TimeSpan.Zero);
        Assert.True(cc.EnterRecovery(ack, ack + 100 * Mss, 100 * Mss));
        // RFC 9438 4.6: ssthresh = cwnd = 0.7 * flight; 4.7: W_max = the window at the loss.
        Assert.Equal((70 * Mss, 70 * Mss, 100.0), (cc.SlowStartThreshold, cc.Window, cc.Cubic!.MaxWindow));
        Assert.False(cc.OnNewAck(100 * Mss, ack += 100 * Mss, 100 * Mss, start, TimeSpan.Zero));
        Assert.Equal(70 * Mss, cc.Window);
        // Congestion avoidance over a 500 ms RTT (long enough that Reno's W_est, RFC 9438 4.3, stays below): every 10 ms
        // an ACK of a fiftieth of the window. 4.2: the epoch starts with the first, K = cbrt((W_max - cwnd_epoch) / C).
        var rtt = TimeSpan.FromMilliseconds(500);
        var t = TimeSpan.Zero;
        void Until(double seconds)
        {
            for (; t.TotalSeconds < seconds; t += TimeSpan.FromMilliseconds(10))
                cc.OnNewAck(cc.Window / 50, ack += cc.Window / 50, cc.Window, start + t, rtt);
        }
        Until(0.01);
        var k = Math.Cbrt((100 - 70) / Cubic.C);
        Assert.Equal(k, cc.Cubic.K, 9);
        // 4.4, 4.5: cwnd moves toward W_cubic(t + RTT) = C * (t + RTT - K)^3 + W_max by (target - cwnd) / cwnd per
        // segment acknowledged, so it trails the function by about two round trips at most: concave up to W_max at K,
        // where it levels off, convex beyond.
        foreach (var at in (double[])[1, k, k + 2, k + 4])
        {
            Until(at);
            Assert.InRange(cc.Window / (double)Mss, cc.Cubic.Window(at - 1) - 0.01, cc.Cubic.Window(at + 0.5) + 1);
        }
    }

    [Fact]
    public void Cubic_lowers_w_max_further_on_a_loss_below_the_last_one()
    {
        var cc = new CongestionControl(Mss, Iss, CongestionAlgorithm.Cubic);
        var ack = Iss + 1;
        for (var i = 0; i < 16; i++)
            cc.OnNewAck(Mss, ack += Mss, 0);
        // 20 segments, then a loss: W_max 20; NewReno recovery's inflation aside, ssthresh 14.
        cc.OnRetransmitTimeout(20 * Mss, ack + 20 * Mss, firstExpiry: true);
        Assert.Equal((14 * Mss, 20.0), (cc.SlowStartThreshold, cc.Cubic!.MaxWindow));
        // RFC 9438 4.7 fast convergence: a loss at 10 segments, below W_max, sets W_max = 10 * (1 + 0.7) / 2.
        for (var i = 0; i < 9; i++)
            cc.OnNewAck(Mss, ack += Mss, 0);
        Assert.Equal(10 * Mss, cc.Window);
        cc.OnRetransmitTimeout(10 * Mss, ack + 10 * Mss, firstExpiry: true);
        Assert.Equal(8.5, cc.Cubic.MaxWindow, 9);
    }

    [Fact]
    public void Newreno_with_sack_sets_cwnd_to_ssthresh_and_neither_inflates_nor_deflates_it()
    {
        var cc = new CongestionControl(Mss, Iss, CongestionAlgorithm.NewReno, sack: true);
        var una = Iss + 1;
        var max = una + 10 * Mss;
        for (var i = 0; i < 3; i++)
            cc.OnDuplicateAck(una, max, 10 * Mss);
        Assert.Equal((5 * Mss, 5 * Mss), (cc.SlowStartThreshold, cc.Window));
        Assert.False(cc.OnDuplicateAck(una, max, 10 * Mss));
        // RFC 6675 5: a partial ACK is no retransmission signal here, the pipe decides.
        Assert.False(cc.OnNewAck(3 * Mss, una + 3 * Mss, 7 * Mss));
        Assert.Equal(5 * Mss, cc.Window);
    }
}
