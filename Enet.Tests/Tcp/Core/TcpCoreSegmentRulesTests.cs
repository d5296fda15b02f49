using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;
using static Enet.Tests.Tcp.Core.TcpCoreOpenCloseTests;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 9293 3.10.7.4 and RFC 5961: which segments are accepted, what they draw, and in what order data goes
/// to the user; scripted against the core.</summary>
public sealed class TcpCoreSegmentRulesTests
{
    [Fact]
    public void An_in_window_reset_or_syn_gets_a_challenge_ack_and_only_the_exact_reset_ends_the_connection()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            // RFC 5961 3.2: in the window but not RCV.NXT: a challenge ACK, the connection lives.
            +0   < R 11:11(0) win 0
            +0   > . 1:1(0) ack 1
            // RFC 5961 4.2: a SYN in a synchronized state, the same.
            +0   < S 1:1(0) win 8192
            +0   > . 1:1(0) ack 1
            // Outside the window (65535, no scaling): dropped without a word.
            +0   < R 70001:70001(0) win 0
            +1   quiet
            """);
        Assert.Equal(TcpState.Established, script.Core.State);
        script.Run("+0 < R 1:1(0) win 0");
        Assert.Equal((TcpCoreEvent.Failed, TcpError.Econnreset), script.Events[^1]);
    }

    [Fact]
    public void An_unacceptable_segment_is_answered_with_an_ack_and_an_ack_of_data_never_sent_too()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            // Wholly before RCV.NXT: an old duplicate.
            +0   < P. 0:1(1) ack 1 win 8192
            +0   > . 1:1(0) ack 1
            // "If the ACK acks something not yet sent (SEG.ACK > SND.NXT) then send an ACK, drop the segment."
            +.1  < P. 1:1(0) ack 50 win 8192
            +0   > . 1:1(0) ack 1
            """);
        Assert.Empty(script.Received);
    }

    [Fact]
    public void Out_of_order_duplicate_and_overlapping_segments_are_delivered_once_in_order()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            // Beyond a hole: acknowledged at once with RCV.NXT (RFC 5681 4.2), held.
            +0   < P. 7:12(5) ack 1 win 8192
            +0   > . 1:1(0) ack 1
            +0   < P. 7:12(5) ack 1 win 8192
            +0   > . 1:1(0) ack 1
            """);
        Assert.Empty(script.Received);
        script.Run("""
            // Filling the hole is acknowledged at once too, and what waited is delivered behind it.
            +0   < P. 1:7(6) ack 1 win 8192
            +0   > . 1:1(0) ack 12
            // Overlapping delivered bytes and adding two: only the two are new, in order, so their ACK may wait.
            +0   < P. 9:14(5) ack 1 win 8192
            +.2  > . 1:1(0) ack 14
            // Entirely old: acknowledged again, nothing delivered.
            +0   < P. 1:6(5) ack 1 win 8192
            +0   > . 1:1(0) ack 14
            """);
        Assert.Equal(Enumerable.Range(1, 13).Select(i => (byte)i), script.Received);
    }

    [Fact]
    public void Segments_are_sized_by_the_peers_mss_and_nagle_holds_a_short_segment_while_another_is_unacknowledged()
    {
        new TcpCoreScript(passive: true).Run(Accepted + """

            // Full segments in flight do not hold back the short tail (Nagle as Minshall refined it).
            +0   write 2500
            +0   > . 1:1001(1000) ack 1
            +0   > . 1001:2001(1000) ack 1
            +0   > P. 2001:2501(500) ack 1
            // RFC 896 / RFC 9293 3.7.4: another short segment waits while that one is unacknowledged.
            +0   write 100
            +.05 < . 1:1(0) ack 2001 win 8192
            +.05 < . 1:1(0) ack 2501 win 8192
            +0   > P. 2501:2601(100) ack 1
            """);
    }

    [Fact]
    public void With_no_delay_a_short_segment_goes_though_another_is_unacknowledged()
    {
        new TcpCoreScript(passive: true, options: TcpOptions.Default with { NoDelay = true }).Run(Accepted + """

            +0   write 10
            +0   > P. 1:11(10) ack 1
            +0   write 10
            +0   > P. 11:21(10) ack 1
            """);
    }

    [Fact]
    public void Delayed_ack_waits_200_ms_for_a_second_segment_and_acks_the_second_at_once()
    {
        // RFC 1122 4.2.3.2, RFC 5681 4.2.
        new TcpCoreScript(passive: true).Run(Accepted + """

            +0   < P. 1:101(100) ack 1 win 8192
            +.2  > . 1:1(0) ack 101
            +.05 < P. 101:201(100) ack 1 win 8192
            +.05 < P. 201:301(100) ack 1 win 8192
            +0   > . 1:1(0) ack 301
            // Data we send carries the ACK: none is delayed behind it.
            +0   < P. 301:401(100) ack 1 win 8192
            +.1  write 5
            +0   > P. 1:6(5) ack 401
            +.01 < . 401:401(0) ack 6 win 8192
            +1   quiet
            """);
    }

    [Fact]
    public void A_fin_ahead_of_a_hole_takes_effect_when_the_hole_fills()
    {
        var script = new TcpCoreScript(passive: true);
        script.Core.KeepOpenOnPeerClosed = true;
        script.Run(Accepted + """

            +0   < F. 5:5(0) ack 1 win 8192
            +0   > . 1:1(0) ack 1
            +0   < P. 1:5(4) ack 1 win 8192
            +0   > . 1:1(0) ack 6
            """);
        Assert.Equal(TcpState.CloseWait, script.Core.State);
        Assert.Equal(TcpCoreEvent.PeerClosed, script.Events[^1].Event);
    }

    [Fact]
    public void After_a_syn_ack_timeout_the_connection_starts_with_an_rto_of_3_seconds()
    {
        var script = new TcpCoreScript(passive: true).Run("""
            0    < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            // Unanswered, the SYN,ACK goes again after the initial RTO of 1 s (RFC 6298 2.1, 5.5).
            +1   > S. 0:0(0) ack 1 <mss 1460>
            +.01 < . 1:1(0) ack 1 win 8192
            """);
        // RFC 6298 5.7: the timer expired awaiting the ACK of our SYN, so data transmission begins with 3 s.
        Assert.Equal(TimeSpan.FromSeconds(3), script.Core.Info().Rto);
    }

    [Fact]
    public void A_retransmitted_syn_in_syn_received_is_answered_with_the_syn_ack_again()
    {
        new TcpCoreScript(passive: true).Run("""
            0    < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.5  < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.01 < . 1:1(0) ack 1 win 8192
            """);
    }

    [Fact]
    public void An_ack_in_syn_received_that_acknowledges_nothing_we_sent_gets_a_reset()
    {
        var script = new TcpCoreScript(passive: true).Run("""
            0    < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.01 < . 1:1(0) ack 9 win 8192
            +0   > R 9:9(0)
            """);
        Assert.Equal(TcpState.SynReceived, script.Core.State);
    }

    [Fact]
    public void A_reset_in_syn_received_of_a_passive_open_returns_it_to_the_listener()
    {
        var script = new TcpCoreScript(passive: true).Run("""
            0    < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 <mss 1460>
            +.01 < R 1:1(0) win 0
            """);
        Assert.Equal(TcpState.Closed, script.Core.State);
        Assert.Equal([(TcpCoreEvent.Failed, TcpError.Econnrefused)], script.Events);
        // RFC 9293 3.10.7.4: back to LISTEN, which is no failed attempt.
        Assert.Equal(0, script.Counters.AttemptFails);
    }
}
