using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;

namespace Enet.Tests.Tcp.Core;

/// <summary>SACK (RFC 2018) scripted against the core: the option's negotiation, the blocks sent for data held out of
/// order (and D-SACK, RFC 2883), RFC 6675 recovery choosing what to retransmit from the blocks received, and RACK-TLP
/// (RFC 8985) finding losses by time. SACK blocks in a script are relative to the data sender's ISN.</summary>
public sealed class TcpCoreSackTests
{
    private static readonly TcpSettings NewReno = TcpSettings.Default with { CongestionControl = CongestionAlgorithm.NewReno };

    /// <summary>A passive open where both SYNs carry SACK-permitted.</summary>
    internal const string Accepted = """
        0    < S 0:0(0) win 65535 <mss 1000,sackOK>
        +0   > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK>
        +.01 < . 1:1(0) ack 1 win 8192
        """;

    [Fact]
    public void Sack_permitted_is_offered_in_a_syn_when_enabled_and_answered_only_when_the_peer_offered_it()
    {
        // RFC 2018 2: "SACK-permitted ... may be sent in a SYN by a TCP that has been extended to receive ... SACK".
        new TcpCoreScript(passive: false).Run("""
            0    connect
            +0   > S 0:0(0) win 65535 <mss 1460,nop,wscale 3,sackOK,TS val 0 ecr 0>
            """);
        Assert.True(new TcpCoreScript(passive: true).Run(Accepted).Core.SackOn);
        // A SYN without it gets a SYN,ACK without it, and SACK stays off.
        var plain = new TcpCoreScript(passive: true).Run("""
            0    < S 0:0(0) win 65535 <mss 1000>
            +0   > S. 0:0(0) ack 1 win 65535 <mss 1460>
            """);
        Assert.False(plain.Core.SackOn);
    }

    [Fact]
    public void With_sack_disabled_it_is_neither_offered_nor_answered()
    {
        var off = TcpSettings.Default with { Sack = false };
        new TcpCoreScript(passive: false, off).Run("""
            0    connect
            +0   > S 0:0(0) win 65535 <mss 1460,nop,wscale 3,TS val 0 ecr 0>
            """);
        var script = new TcpCoreScript(passive: true, off).Run("""
            0    < S 0:0(0) win 65535 <mss 1000,sackOK>
            +0   > S. 0:0(0) ack 1 win 65535 <mss 1460>
            +.01 < . 1:1(0) ack 1 win 8192
            // Out of order: a plain duplicate ACK, no blocks.
            +0   < P. 1001:2001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 1 <>
            """);
        Assert.False(script.Core.SackOn);
    }

    [Fact]
    public void Data_held_out_of_order_is_reported_in_sack_blocks_the_latest_first_until_the_hole_fills()
    {
        new TcpCoreScript(passive: true).Run(Accepted + """

            +0   < P. 1001:2001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 1 <sack 1001:2001>
            // RFC 2018 4: the block holding the segment that triggered the ACK comes first, then the ones reported before.
            +0   < P. 3001:4001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 1 <sack 3001:4001 1001:2001>
            // A segment joining two ranges: one block for both.
            +0   < P. 2001:3001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 1 <sack 1001:4001>
            // The hole fills: the cumulative ACK covers it all, no block is left.
            +0   < P. 1:1001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 4001 <>
            """);
    }

    [Fact]
    public void Data_that_arrives_twice_is_reported_in_a_d_sack_block_first_once()
    {
        new TcpCoreScript(passive: true).Run(Accepted + """

            +0   < P. 1:1001(1000) ack 1 win 8192
            +0   < P. 1001:2001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 2001 <>
            // RFC 2883 4.1.1: a retransmission of data already acknowledged; the D-SACK block lies below the ACK.
            +.1  < P. 1:1001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 2001 <sack 1:1001>
            // 4.1.2: a copy of data held out of order: the D-SACK block, then the block that holds it.
            +0   < P. 3001:4001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 2001 <sack 3001:4001>
            +0   < P. 3001:4001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 2001 <sack 3001:4001 3001:4001>
            +0   < P. 5001:6001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 2001 <sack 5001:6001 3001:4001>
            """);
    }

    [Fact]
    public void Data_sent_beside_sack_blocks_leaves_them_room_within_the_mss()
    {
        // RFC 6691: the MSS counts no options, so a segment with 12 bytes of one block carries 988 bytes of data, and
        // counts as full-sized for Nagle: the last 24 bytes go at once.
        new TcpCoreScript(passive: true).Run(Accepted + """

            +0   < P. 1001:2001(1000) ack 1 win 8192
            +0   > . 1:1(0) ack 1 <sack 1001:2001>
            +0   write 2000
            +0   > . 1:989(988) ack 1 <sack 1001:2001>
            +0   > . 989:1977(988) ack 1 <sack 1001:2001>
            +0   > P. 1977:2001(24) ack 1 <sack 1001:2001>
            """);
    }

    [Fact]
    public void At_most_four_blocks_go_and_three_beside_timestamps()
    {
        const string FiveRanges = """

            +0   < P. 1001:2001(1000) ack 1 win 8192 {0}
            +0   > . 1:1(0) ack 1
            +0   < P. 3001:4001(1000) ack 1 win 8192 {1}
            +0   > . 1:1(0) ack 1
            +0   < P. 5001:6001(1000) ack 1 win 8192 {2}
            +0   > . 1:1(0) ack 1
            +0   < P. 7001:8001(1000) ack 1 win 8192 {3}
            +0   > . 1:1(0) ack 1
            +0   < P. 9001:10001(1000) ack 1 win 8192 {4}
            """;
        new TcpCoreScript(passive: true).Run(Accepted + string.Format(FiveRanges, "", "", "", "", "") + """

            +0   > . 1:1(0) ack 1 <sack 9001:10001 7001:8001 5001:6001 3001:4001>
            """);
        // RFC 2018 3: with the 12 bytes of timestamps, 3 blocks fill the 40 bytes of options.
        var timestamps = TcpSettings.Default with { Timestamps = true };
        new TcpCoreScript(passive: true, timestamps).Run("""
            0    < S 0:0(0) win 65535 <mss 1000,sackOK,TS val 100 ecr 0>
            +0   > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 0 ecr 100>
            +.01 < . 1:1(0) ack 1 win 8192 <TS val 110 ecr 0>
            """ + string.Format(FiveRanges, "<TS val 120 ecr 10>", "<TS val 121 ecr 10>", "<TS val 122 ecr 10>",
            "<TS val 123 ecr 10>", "<TS val 124 ecr 10>") + """

            +0   > . 1:1(0) ack 1 <TS val 10 ecr 110,sack 9001:10001 7001:8001 5001:6001>
            """);
    }

    [Fact]
    public void Recovery_retransmits_every_hole_found_lost_within_one_round_trip_not_just_the_first()
    {
        var script = new TcpCoreScript(passive: true, NewReno).Run(Accepted + """

            +0    write 4000
            +0    > . 1:1001(1000) ack 1
            +0    > . 1001:2001(1000) ack 1
            +0    > . 2001:3001(1000) ack 1
            +0    > P. 3001:4001(1000) ack 1
            // 1:1001 and 2001:3001 were lost; the blocks show what arrived.
            +.01  < . 1:1(0) ack 1 win 8192 <sack 1001:2001>
            +.001 < . 1:1(0) ack 1 win 8192 <sack 1001:2001 3001:4001>
            // RACK (RFC 8985 6.2): both went with 3001:4001, which arrived 11 ms later; they are lost once min_RTT / 4
            // (2.5 ms) more passed. Recovery (RFC 6675 5) sends the first, and the next hole from the scoreboard as the
            // pipe (the 1000 bytes resent) leaves room in cwnd = ssthresh = 2000.
            0.0235 > . 1:1001(1000) ack 1
            +0    > . 2001:3001(1000) ack 1
            +.01  < . 1:1(0) ack 4001 win 8192
            """);
        var info = script.Core.TcpInfo();
        Assert.Equal((2L, 0L, 0, "newreno", true), (info.Retransmits, info.Timeouts, info.SackedBytes, info.CongestionControl, info.Sack));
        Assert.Equal(1, script.Core.Info().FastRetransmits);
    }

    [Fact]
    public void Rack_calls_a_segment_lost_a_quarter_min_rtt_after_one_sent_with_it_was_sacked()
    {
        // One SACKed segment is too little for RFC 6675's IsLost; RACK's reordering timer (RFC 8985 6.3) decides.
        new TcpCoreScript(passive: true).Run(Accepted + """

            +0    write 2000
            +0    > . 1:1001(1000) ack 1
            +0    > P. 1001:2001(1000) ack 1
            +.01  < . 1:1(0) ack 1 win 8192 <sack 1001:2001>
            +.0025 > . 1:1001(1000) ack 1
            +.01  < . 1:1(0) ack 2001 win 8192
            """);
    }

    [Fact]
    public void A_tail_loss_probe_resends_the_last_segment_two_srtt_after_and_its_sack_finds_the_loss()
    {
        // RFC 8985 7.2: SRTT is the handshake's 10 ms; with no ACK for 2 * SRTT and no new data, the last segment goes
        // again (7.3), and the SACK it draws lets RACK find 1:1001 lost at once.
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    write 2000
            +0    > . 1:1001(1000) ack 1
            +0    > P. 1001:2001(1000) ack 1
            +.02  > P. 1001:2001(1000) ack 1
            +.01  < . 1:1(0) ack 1 win 8192 <sack 1001:2001>
            +0    > . 1:1001(1000) ack 1
            +.01  < . 1:1(0) ack 2001 win 8192
            """);
        Assert.Equal((2L, 0L), (script.Core.TcpInfo().Retransmits, script.Core.TcpInfo().Timeouts));
    }

    [Fact]
    public void The_scoreboard_alone_starts_recovery_when_more_than_two_segments_are_sacked_above_the_hole()
    {
        // RFC 6675 5 (2): IsLost(HighACK + 1) on the first duplicate already, if its blocks cover 3 segments.
        new TcpCoreScript(passive: true, NewReno).Run(Accepted + """

            +0    write 4000
            +0    > . 1:1001(1000) ack 1
            +0    > . 1001:2001(1000) ack 1
            +0    > . 2001:3001(1000) ack 1
            +0    > P. 3001:4001(1000) ack 1
            +.01  < . 1:1(0) ack 1 win 8192 <sack 1001:4001>
            +0    > . 1:1001(1000) ack 1
            """);
    }

    [Fact]
    public void With_cubic_a_loss_cuts_cwnd_to_0_7_of_the_flight()
    {
        // RFC 9438 4.6: ssthresh = flight_size * beta_cubic (0.7); with SACK, cwnd = ssthresh (RFC 6675 5 step 4.2).
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +0    write 4000
            +0    > . 1:1001(1000) ack 1
            +0    > . 1001:2001(1000) ack 1
            +0    > . 2001:3001(1000) ack 1
            +0    > P. 3001:4001(1000) ack 1
            +.01  < . 1:1(0) ack 1 win 8192 <sack 1001:4001>
            +0    > . 1:1001(1000) ack 1
            """);
        var info = script.Core.TcpInfo();
        Assert.Equal(("cubic", 2800, 2800), (info.CongestionControl, info.CongestionWindow, info.SlowStartThreshold));
    }
}
