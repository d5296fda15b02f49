using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 9293 3.5 and 3.6, opening and closing, scripted against the core: every segment it sends is in the
/// script, at the time it is sent.</summary>
public sealed class TcpCoreOpenCloseTests
{
    /// <summary>A passive open with the peer's SYN of MSS 1000 and no window scale.</summary>
    internal const string Accepted = """
        0    < S 0:0(0) win 65535 <mss 1000>
        +0   > S. 0:0(0) ack 1 win 65535 <mss 1460>
        +.01 < . 1:1(0) ack 1 win 8192
        """;

    [Fact]
    public void A_passive_open_answers_the_syn_with_our_mss_and_is_established_by_the_ack()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted);
        Assert.Equal(TcpState.Established, script.Core.State);
        Assert.Equal([(TcpCoreEvent.Connected, default(TcpError))], script.Events);
        // RFC 9293 3.7.1: we send at most the peer's MSS.
        Assert.Equal(1000, script.Core.Info().SendMss);
    }

    [Fact]
    public void An_active_open_offers_mss_and_window_scale_and_answers_the_syn_ack_with_an_ack()
    {
        var script = new TcpCoreScript(passive: false).Run("""
            0    connect
            +0   > S 0:0(0) win 65535 <mss 1460,nop,wscale 3,sackOK,TS val 0 ecr 0>
            +.05 < S. 0:0(0) ack 1 win 65535 <mss 1400,nop,wscale 7>
            +0   > . 1:1(0) ack 1
            """);
        Assert.Equal(TcpState.Established, script.Core.State);
        var info = script.Core.Info();
        // RFC 7323 2.2: both SYNs had the option, so both directions scale.
        Assert.Equal((1400, 7, 3), (info.SendMss, info.SendWindowShift, info.ReceiveWindowShift));
        // RFC 6298 2.2: the handshake's round trip is the first sample, RTO = SRTT + 4 RTTVAR = 150 ms, held to 1 s.
        Assert.Equal(TimeSpan.FromMilliseconds(50), info.SmoothedRtt);
        Assert.Equal(TimeSpan.FromSeconds(1), info.Rto);
    }

    [Fact]
    public void A_lost_syn_is_sent_again_after_1_2_4_8_16_32_seconds_then_the_connect_times_out()
    {
        // RFC 6298 5.5 doubles the timeout per expiry; RFC 1122 4.2.3.5 bounds the tries (6 by default).
        var script = new TcpCoreScript(passive: false).Run("""
            0   connect
            +0  > S 0:0(0)
            +1  > S 0:0(0)
            +2  > S 0:0(0)
            +4  > S 0:0(0)
            +8  > S 0:0(0)
            +16 > S 0:0(0)
            +32 > S 0:0(0)
            +64 quiet
            """);
        Assert.Equal(TcpState.Closed, script.Core.State);
        Assert.Equal([(TcpCoreEvent.Failed, TcpError.Etimedout)], script.Events);
        Assert.Equal(1, script.Counters.AttemptFails);
    }

    [Fact]
    public void A_connect_timeout_ends_the_attempt_before_the_retransmissions_do()
    {
        var script = new TcpCoreScript(passive: false).Run("""
            0    connect 2
            +0   > S 0:0(0)
            +1   > S 0:0(0)
            +1   quiet
            """);
        Assert.Equal([(TcpCoreEvent.Failed, TcpError.Etimedout)], script.Events);
    }

    [Fact]
    public void A_reset_answering_our_syn_refuses_the_connection_and_one_without_an_acceptable_ack_is_ignored()
    {
        // RFC 9293 3.10.7.3 with RFC 5961 3.2: in SYN-SENT a RST counts only with an ACK of our SYN; an ACK of
        // something else gets a reset of its own.
        var script = new TcpCoreScript(passive: false).Run("""
            0     connect
            +0    > S 0:0(0)
            +.01  < R 0:0(0)
            +.01  < . 0:0(0) ack 5
            +0    > R 5:5(0)
            +.01  < R. 0:0(0) ack 1
            """);
        Assert.Equal([(TcpCoreEvent.Failed, TcpError.Econnrefused)], script.Events);
    }

    [Fact]
    public void Simultaneous_open_passes_through_syn_received()
    {
        // RFC 9293 3.5 figure 7: a SYN in SYN-SENT is answered with SYN,ACK. The peer's SYN,ACK repeats a SYN already
        // acknowledged, so it fails the first check and draws an ACK (3.10.7.4); the peer's ACK establishes.
        var script = new TcpCoreScript(passive: false).Run("""
            0     connect
            +0    > S 0:0(0)
            +.01  < S 0:0(0) win 65535 <mss 1460>
            +0    > S. 0:0(0) ack 1
            +.01  < S. 0:0(0) ack 1 win 65535 <mss 1460>
            +0    > . 1:1(0) ack 1
            +0    < . 1:1(0) ack 1 win 65535
            """);
        Assert.Equal(TcpState.Established, script.Core.State);
    }

    [Fact]
    public void Active_close_goes_through_fin_wait_1_and_2_to_time_wait_which_ends_after_2_msl()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    close
            +0    > F. 1:1(0) ack 1
            +.01  < . 1:1(0) ack 2 win 8192
            +.01  < F. 1:1(0) ack 2 win 8192
            +0    > . 2:2(0) ack 2
            """);
        Assert.Equal(TcpState.TimeWait, script.Core.State);
        Assert.Equal([TcpCoreEvent.Connected, TcpCoreEvent.Closed], script.Events.Select(e => e.Event));
        // RFC 9293 3.10.7.4: a retransmitted FIN in TIME-WAIT is acknowledged again and restarts the 2 MSL.
        script.Run("""
            +30   < F. 1:1(0) ack 2 win 8192
            +0    > . 2:2(0) ack 2
            +59.9 quiet
            """);
        Assert.Equal(TcpState.TimeWait, script.Core.State);
        script.Run("+0.1 quiet");
        Assert.Equal(TcpState.Closed, script.Core.State);
    }

    [Fact]
    public void A_peer_close_is_delivered_after_its_data_and_without_keep_open_our_fin_follows()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    < FP. 1:5(4) ack 1 win 8192
            +0    > . 1:1(0) ack 6
            +0    > F. 1:1(0) ack 6
            +.01  < . 6:6(0) ack 2 win 8192
            """);
        Assert.Equal([0x01, 0x02, 0x03, 0x04], script.Received);
        Assert.Equal([TcpCoreEvent.Connected, TcpCoreEvent.PeerClosed], script.Events.Select(e => e.Event));
        Assert.Equal(TcpState.Closed, script.Core.State);
    }

    [Fact]
    public void A_fin_behind_data_a_suspended_reader_holds_waits_for_that_data_and_so_does_our_fin()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    suspend
            +0    < FP. 1:5(4) ack 1 win 8192
            +0    > . 1:1(0) ack 6
            +1    quiet
            +0    resume
            +0    > F. 1:1(0) ack 6
            """);
        Assert.Equal([TcpCoreEvent.Connected, TcpCoreEvent.PeerClosed], script.Events.Select(e => e.Event));
        Assert.Equal(4, script.Received.Count);
        Assert.Equal(TcpState.LastAck, script.Core.State);
    }

    [Fact]
    public void With_keep_open_a_peer_close_is_a_half_close_and_we_may_still_send()
    {
        var script = new TcpCoreScript(passive: true);
        script.Core.KeepOpenOnPeerClosed = true;
        script.Run(Accepted + """

            +0    < F. 1:1(0) ack 1 win 8192
            +0    > . 1:1(0) ack 2
            +0    write 3
            +0    > P. 1:4(3) ack 2
            +0    confirmed-close
            +0    > F. 4:4(0) ack 2
            +.01  < . 2:2(0) ack 5 win 8192
            """);
        Assert.Equal([TcpCoreEvent.Connected, TcpCoreEvent.PeerClosed, TcpCoreEvent.ConfirmedClosed], script.Events.Select(e => e.Event));
        Assert.Equal(TcpState.Closed, script.Core.State);
    }

    [Fact]
    public void Simultaneous_close_passes_through_closing_to_time_wait()
    {
        // RFC 9293 3.6 figure 13.
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    confirmed-close
            +0    > F. 1:1(0) ack 1
            +.01  < F. 1:1(0) ack 1 win 8192
            +0    > . 2:2(0) ack 2
            +.01  < . 2:2(0) ack 2 win 8192
            """);
        Assert.Equal(TcpState.TimeWait, script.Core.State);
        Assert.Equal([TcpCoreEvent.Connected, TcpCoreEvent.ConfirmedClosed], script.Events.Select(e => e.Event));
    }

    [Fact]
    public void Abort_sends_a_reset_with_snd_nxt_and_a_reset_from_the_peer_is_econnreset()
    {
        var aborted = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    abort
            +0    > R 1:1(0)
            """);
        Assert.Equal(TcpCoreEvent.Aborted, aborted.Events[^1].Event);
        var reset = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    < R. 1:1(0) ack 1 win 0
            """);
        Assert.Equal((TcpCoreEvent.Failed, TcpError.Econnreset), reset.Events[^1]);
        Assert.Equal(1, reset.Counters.EstabResets);
    }
}
