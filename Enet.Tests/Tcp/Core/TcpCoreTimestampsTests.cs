using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 7323's timestamps option, PAWS and RTT measurement, scripted against the core. Our TSval is given in
/// milliseconds since the open; the peer's are its own.</summary>
public sealed class TcpCoreTimestampsTests
{
    private static readonly TcpSettings On = TcpSettings.Default with { Timestamps = true };

    /// <summary>A passive open where both SYNs carry timestamps.</summary>
    private const string Accepted = """
        0    < S 0:0(0) win 65535 <mss 1000,TS val 5000 ecr 0>
        +0   > S. 0:0(0) ack 1 win 65535 <mss 1460,TS val 0 ecr 5000>
        +.01 < . 1:1(0) ack 1 win 8192 <TS val 5010 ecr 0>
        """;

    [Fact]
    public void Both_syns_with_the_option_turn_it_on_and_every_segment_carries_it_echoing_ts_recent()
    {
        var script = new TcpCoreScript(passive: true, On).Run(Accepted + """

            +.1  < P. 1:101(100) ack 1 win 8192 <TS val 5110 ecr 10>
            +.2  > . 1:1(0) ack 101 <TS val 310 ecr 5110>
            +0   write 10
            +0   > P. 1:11(10) ack 101 <TS val 310 ecr 5110>
            """);
        Assert.True(script.Core.TimestampsOn);
        // RFC 6691: the 12 bytes of options come out of the peer's MSS.
        Assert.Equal(988, script.Core.Info().SendMss);
    }

    [Fact]
    public void An_active_open_offers_the_option_by_default_and_not_when_configured_off()
    {
        new TcpCoreScript(passive: false).Run("""
            0    connect
            +0   > S 0:0(0) win 65535 <mss 1460,nop,wscale 3,sackOK,TS val 0 ecr 0>
            """);
        new TcpCoreScript(passive: false, TcpSettings.Default with { Timestamps = false }).Run("""
            0    connect
            +0   > S 0:0(0) win 65535 <mss 1460,nop,wscale 3,sackOK>
            """);
    }

    [Fact]
    public void A_syn_without_the_option_gets_a_syn_ack_without_it_and_segments_go_without()
    {
        var script = new TcpCoreScript(passive: true, On).Run("""
            0    < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 win 65535 <mss 1460>
            +.01 < . 1:1(0) ack 1 win 8192
            +0   write 10
            +0   > P. 1:11(10) ack 1 win 65535
            """);
        Assert.False(script.Core.TimestampsOn);
    }

    [Fact]
    public void An_old_duplicate_is_dropped_by_paws_and_answered_with_an_ack()
    {
        // RFC 7323 5.3 R1: TSval below TS.Recent (5110 once the first segment is in): not acceptable.
        var script = new TcpCoreScript(passive: true, On).Run(Accepted + """

            +0   < P. 1:101(100) ack 1 win 8192 <TS val 5110 ecr 0>
            +.2  > . 1:1(0) ack 101 <TS val 210 ecr 5110>
            +0   < P. 101:201(100) ack 1 win 8192 <TS val 5100 ecr 0>
            +0   > . 1:1(0) ack 101 <TS val 210 ecr 5110>
            """);
        Assert.Equal(100, script.Received.Count);
        // A reset is exempt from PAWS.
        script.Run("+0 < R 101:101(0) win 0 <TS val 1 ecr 0>");
        Assert.Equal((TcpCoreEvent.Failed, TcpError.Econnreset), script.Events[^1]);
    }

    [Fact]
    public void Once_negotiated_a_segment_without_the_option_is_dropped_silently()
    {
        var script = new TcpCoreScript(passive: true, On).Run(Accepted + """

            +0   < P. 1:101(100) ack 1 win 8192
            +1   quiet
            """);
        Assert.Empty(script.Received);
    }

    [Fact]
    public void The_echo_times_a_retransmitted_segment_which_karns_rule_alone_could_not()
    {
        var script = new TcpCoreScript(passive: true, On).Run(Accepted + """

            +0   write 10
            +0   > P. 1:11(10) ack 1 <TS val 10 ecr 5010>
            // RFC 6298 5.5: lost, sent again after the 1 s RTO with the clock's new value ...
            1.01 > P. 1:11(10) ack 1 <TS val 1010 ecr 5010>
            // ... and the ACK echoing that value dates the retransmission: a 300 ms sample (RFC 7323 4.1).
            1.31 < . 1:1(0) ack 11 win 8192 <TS val 5500 ecr 1010>
            """);
        // After the handshake's 10 ms: RFC 6298 2.3 folds the 300 ms in.
        var expected = new RetransmissionTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        expected.Sample(TimeSpan.FromMilliseconds(10));
        expected.Sample(TimeSpan.FromMilliseconds(300));
        Assert.Equal(expected.SmoothedRtt, script.Core.Info().SmoothedRtt);
    }

    [Fact]
    public void An_iss_past_two_to_the_31_still_takes_rtt_samples_from_the_echo()
    {
        // RFC 7323 4.1 with RFC 9293 3.4's modular comparison: the edge of the flight last timed starts at the ISS, so an
        // ISS in the upper half of the sequence space (half of all random ones) is timed like any other. Before, the
        // edge started at 0, "before" such an ISS for ever: no sample, and the RTO doubled without end once it fired.
        var script = new TcpCoreScript(passive: true, On, iss: 3_000_000_000).Run(Accepted + """

            +0   write 10
            +0   > P. 1:11(10) ack 1 <TS val 10 ecr 5010>
            +.1  < . 1:1(0) ack 11 win 8192 <TS val 5110 ecr 10>
            """);
        var expected = new RetransmissionTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        expected.Sample(TimeSpan.FromMilliseconds(10));
        expected.Sample(TimeSpan.FromMilliseconds(100));
        Assert.Equal(expected.SmoothedRtt, script.Core.Info().SmoothedRtt);
    }

    [Fact]
    public void An_echo_older_than_the_retransmission_it_acknowledges_gives_no_sample()
    {
        var script = new TcpCoreScript(passive: true, On).Run(Accepted + """

            +0   write 10
            +0   > P. 1:11(10) ack 1 <TS val 10 ecr 5010>
            // The peer got it, its ACK was lost; after the 1 s RTO the same bytes go again.
            1.01 > P. 1:11(10) ack 1 <TS val 1010 ecr 5010>
            // The duplicate is outside the peer's window and leaves its TS.Recent alone (RFC 7323 5.3 R2): the ACK it draws
            // echoes the original. 1.3 s would be the wait for our timer, not the path's round trip (RFC 6298 3, RFC 3522 2).
            1.31 < . 1:1(0) ack 11 win 8192 <TS val 5500 ecr 10>
            """);
        var expected = new RetransmissionTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        expected.Sample(TimeSpan.FromMilliseconds(10));
        Assert.Equal(expected.SmoothedRtt, script.Core.Info().SmoothedRtt);
    }

    /// <summary>A passive open with timestamps and SACK.</summary>
    private const string AcceptedWithSack = """
        0    < S 0:0(0) win 65535 <mss 1000,sackOK,TS val 5000 ecr 0>
        +0   > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 0 ecr 5000>
        +.01 < . 1:1(0) ack 1 win 8192 <TS val 5010 ecr 0>
        """;

    [Fact]
    public void Data_paws_drops_below_rcv_nxt_is_reported_in_a_d_sack_block()
    {
        // 1:101 went, was thought lost and went again at 5110; the original, reordered behind it, arrives with TSval
        // 5100 (RFC 7323 5.3 R1 drops it). It had arrived twice: the ACK in reply says so (RFC 2883 4), as it would for
        // any duplicate, so the sender can tell its retransmission was needless.
        new TcpCoreScript(passive: true, On).Run(AcceptedWithSack + """

            +0   < P. 1:101(100) ack 1 win 8192 <TS val 5110 ecr 0>
            +.2  > . 1:1(0) ack 101 <TS val 210 ecr 5110>
            +0   < P. 1:101(100) ack 1 win 8192 <TS val 5100 ecr 0>
            +0   > . 1:1(0) ack 101 <TS val 210 ecr 5110,sack 1:101>
            """);
    }

    [Fact]
    public void A_bare_ack_the_path_reordered_is_dropped_by_paws_without_an_answer()
    {
        // Two ACKs of 1:11, the later (TSval 5030) arriving first; the earlier fails PAWS. An ACK in reply would be a
        // duplicate ACK to a peer that may be sending (RFC 5681 2): it is dropped without one.
        new TcpCoreScript(passive: true, On).Run(Accepted + """

            +0   write 10
            +0   > P. 1:11(10) ack 1 <TS val 10 ecr 5010>
            +.01 < . 1:1(0) ack 11 win 8192 <TS val 5030 ecr 10>
            +0   < . 1:1(0) ack 11 win 8192 <TS val 5020 ecr 10>
            +1   quiet
            """);
    }
}
