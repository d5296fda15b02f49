using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;
using static Enet.Tests.Tcp.Core.TcpCoreOpenCloseTests;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 6298's retransmission timer, the persist timer (RFC 9293 3.8.6.1), fast retransmit (RFC 5681 3.2) and
/// keep-alive (RFC 1122 4.2.3.6), scripted against the core with time moved exactly.</summary>
public sealed class TcpCoreTimerTests
{
    private static readonly TcpSettings ThreeTries = TcpSettings.Default with { MaxRetransmissions = 3 };

    /// <summary>For the tests that check RFC 5681's numbers; CUBIC's are TcpCoreCubicTests'.</summary>
    internal static readonly TcpSettings NewReno = TcpSettings.Default with { CongestionControl = CongestionAlgorithm.NewReno };

    [Fact]
    public void Data_nobody_acknowledges_is_sent_again_after_1_2_4_seconds_then_a_reset_ends_it_with_etimedout()
    {
        var script = new TcpCoreScript(passive: true, ThreeTries).Run(Accepted + """

            +0    write 13
            +0    > P. 1:14(13) ack 1
            1.01  > P. 1:14(13) ack 1
            3.01  > P. 1:14(13) ack 1
            7.01  > P. 1:14(13) ack 1
            // RFC 1122 4.2.3.5 R2: the bound reached, the connection is given up, with a reset to the peer.
            15.01 > R 14:14(0)
            """);
        Assert.Equal((TcpCoreEvent.Failed, TcpError.Etimedout), script.Events[^1]);
        Assert.Equal(3, script.Counters.RetransSegs);
    }

    [Fact]
    public void A_zero_window_peer_is_probed_with_backoff_and_the_connection_outlives_the_retransmission_bound()
    {
        // RFC 9293 3.8.6.1: probes at 1, 2, 4, ... up to 60 s apart; eight answered ones, far past the 3 expiries
        // retransmission allows (RFC 1122 4.2.2.17: answered probes keep the connection open).
        var script = new TcpCoreScript(passive: true, ThreeTries).Run(Accepted + """

            +0     < . 1:1(0) ack 1 win 0
            +0     write 100
            1.01   > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            3.01   > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            7.01   > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            15.01  > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            31.01  > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            63.01  > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            123.01 > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            183.01 > . 1:2(1) ack 1
            +.01   < . 1:1(0) ack 1 win 0
            """);
        Assert.Equal((TcpState.Established, 0), (script.Core.State, script.Core.Info().UnansweredProbes));
        // The window opens: the probe's octet took nothing in flight, so all 100 go at once (Nagle holds nothing back).
        script.Run("""
            +1     < . 1:1(0) ack 1 win 8192
            +0     > P. 1:101(100) ack 1
            """);
    }

    [Fact]
    public void Probes_nobody_answers_end_the_connection_with_etimedout()
    {
        var script = new TcpCoreScript(passive: true, ThreeTries).Run(Accepted + """

            +0     < . 1:1(0) ack 1 win 0
            +0     write 100
            1.01   > . 1:2(1) ack 1
            3.01   > . 1:2(1) ack 1
            7.01   > . 1:2(1) ack 1
            15.01  > R 1:1(0)
            """);
        Assert.Equal((TcpCoreEvent.Failed, TcpError.Etimedout), script.Events[^1]);
    }

    [Fact]
    public void Three_duplicate_acks_retransmit_the_first_unacknowledged_segment_at_once_and_halve_the_flight()
    {
        // An MSS of 1000 gives an initial window of 4 segments (RFC 5681 3.1 equation 1).
        var script = new TcpCoreScript(passive: true, NewReno).Run(Accepted + """

            +0    write 6000
            +0    > . 1:1001(1000) ack 1
            +0    > . 1001:2001(1000) ack 1
            +0    > . 2001:3001(1000) ack 1
            +0    > . 3001:4001(1000) ack 1
            // Slow start: the ACK of one segment lets two more go.
            +.05  < . 1:1(0) ack 1001 win 8192
            +0    > . 4001:5001(1000) ack 1
            +0    > P. 5001:6001(1000) ack 1
            +.001 < . 1:1(0) ack 1001 win 8192
            +.001 < . 1:1(0) ack 1001 win 8192
            +.001 < . 1:1(0) ack 1001 win 8192
            +0    > . 1001:2001(1000) ack 1
            """);
        var info = script.Core.Info();
        // RFC 5681 3.2 equation 4: ssthresh = max(FlightSize / 2, 2*SMSS), cwnd = ssthresh + 3*SMSS.
        Assert.Equal((1, 2500, 5500), (info.FastRetransmits, info.SlowStartThreshold, info.CongestionWindow));
        Assert.Equal(1, script.Counters.RetransSegs);
    }

    [Fact]
    public void A_timeout_goes_back_to_snd_una_with_a_window_of_one_segment()
    {
        var script = new TcpCoreScript(passive: true, NewReno).Run(Accepted + """

            +0    write 3000
            +0    > . 1:1001(1000) ack 1
            +0    > . 1001:2001(1000) ack 1
            +0    > P. 2001:3001(1000) ack 1
            // RFC 6298 5.4: the earliest segment not acknowledged; RFC 5681 3.1: cwnd is the loss window, one SMSS.
            1.01  > . 1:1001(1000) ack 1
            +.01  < . 1:1(0) ack 1001 win 8192
            // Slow start again: one ACK, two segments.
            +0    > . 1001:2001(1000) ack 1
            +0    > P. 2001:3001(1000) ack 1
            """);
        // RFC 5681 3.1 equation 4: max(FlightSize / 2, 2*SMSS).
        Assert.Equal(2000, script.Core.Info().SlowStartThreshold);
    }

    [Fact]
    public void Keepalive_probes_an_idle_peer_at_the_interval_and_ends_the_connection_once_count_go_unanswered()
    {
        // RFC 1122 4.2.3.6: a probe is an ACK with SEG.SEQ = SND.NXT - 1.
        var settings = TcpSettings.Default with
        {
            KeepAliveIdle = TimeSpan.FromSeconds(10), KeepAliveInterval = TimeSpan.FromSeconds(1), KeepAliveCount = 3,
        };
        var script = new TcpCoreScript(passive: true, settings, TcpOptions.Default with { KeepAlive = true }).Run(Accepted + """

            10.01 > . 0:0(0) ack 1
            // An answer starts the idle time again.
            +.01  < . 1:1(0) ack 1 win 8192
            20.02 > . 0:0(0) ack 1
            21.02 > . 0:0(0) ack 1
            22.02 > . 0:0(0) ack 1
            23.02 > R 1:1(0)
            """);
        Assert.Equal((TcpCoreEvent.Failed, TcpError.Etimedout), script.Events[^1]);
    }

    [Fact]
    public void Without_keepalive_an_idle_connection_sends_nothing()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +7200 quiet
            """);
        Assert.Null(script.Core.PollAt());
    }

    [Fact]
    public void A_suspended_reader_closes_the_window_and_taking_the_data_opens_it_with_an_update()
    {
        // A receive buffer of 4000 bytes, unscaled: the window is its free space (RFC 9293 3.8.6).
        var script = new TcpCoreScript(passive: true, TcpSettings.Default with { ReceiveBuffer = 4000 }).Run("""
            0    < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 win 4000 <mss 1460>
            +.01 < . 1:1(0) ack 1 win 8192
            +0   suspend
            +0   < . 1:1001(1000) ack 1 win 8192
            +0   < . 1001:2001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 2001 win 2000
            +0   < . 2001:3001(1000) ack 1 win 8192
            +0   < . 3001:4001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 4001 win 0
            // Beyond a closed window: not acceptable, answered with the same ACK.
            +.1  < . 4001:4002(1) ack 1 win 8192
            +0   > . 1:1(0) ack 4001 win 0
            +1   resume
            +0   > . 1:1(0) ack 4001 win 4000
            """);
        Assert.Equal(4000, script.Received.Count);
    }
}
