using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;

namespace Enet.Tests.Tcp.Core;

/// <summary>RACK-TLP's adaptations (RFC 8985), scripted against the core: the reordering window widened by a D-SACK
/// (6.2 step 4), and the congestion response to a loss a tail loss probe repaired (7.4.2). SACK blocks are relative to
/// the data sender's ISN; the handshake's 10 ms is SRTT and min_RTT.</summary>
public sealed class TcpCoreRackTlpTests
{
    private const string Accepted = TcpCoreSackTests.Accepted;

    /// <summary>Two segments out; no ACK within 2 * SRTT, so the probe resends the last (7.3); then an ACK of both.
    /// </summary>
    private const string ProbedTail = Accepted + """

        +0    write 2000
        +0    > . 1:1001(1000) ack 1
        +0    > P. 1001:2001(1000) ack 1
        +.02  > P. 1001:2001(1000) ack 1
        +.01  < . 1:1(0) ack 2001 win 8192

        """;

    /// <summary>The next segment, and its ACK beyond TLP.end_seq, which settles the probe's episode.</summary>
    private const string NextSegment = """

        +0    write 1000
        +0    > P. 2001:3001(1000) ack 1
        +.01  < . 1:1(0) ack 3001 win 8192
        """;

    [Fact]
    public void A_d_sack_for_a_needless_rack_retransmission_doubles_the_reordering_window()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            +0     write 2000
            +0     > . 1:1001(1000) ack 1
            +0     > P. 1001:2001(1000) ack 1
            +.01   < . 1:1(0) ack 1 win 8192 <sack 1001:2001>
            // RFC 8985 6.2 step 4: reo_wnd = min_RTT / 4 = 2.5 ms, then 1:1001 is called lost.
            +.0025 > . 1:1001(1000) ack 1
            // It was only late: it arrives, then the retransmission, which the peer reports in a D-SACK (RFC 2883).
            +.001  < . 1:1(0) ack 2001 win 8192
            +.001  < . 1:1(0) ack 2001 win 8192 <sack 1:1001>
            // reo_wnd_mult is 2: the next segment sent before a SACKed one waits min_RTT / 2 = 5 ms.
            +0     write 2000
            +0     > . 2001:3001(1000) ack 1
            +0     > P. 3001:4001(1000) ack 1
            +.01   < . 1:1(0) ack 2001 win 8192 <sack 3001:4001>
            +.005  > . 2001:3001(1000) ack 1
            """);
        Assert.Equal(2, script.Core.TcpInfo().ReorderingWindowMultiplier);
    }

    [Fact]
    public void A_loss_the_tail_loss_probe_repaired_cuts_the_congestion_window()
    {
        // RFC 8985 7.4.2: the probe resent the last segment, and an ACK beyond it without a D-SACK for it says the
        // original was lost: congestion control reacts as to a loss. CUBIC: ssthresh = max(0.7 * flight, 2 SMSS).
        var script = new TcpCoreScript(passive: true).Run(ProbedTail + NextSegment);
        var info = script.Core.TcpInfo();
        Assert.Equal(2000, info.SlowStartThreshold);
        // cwnd came down to ssthresh; the ACK then grew it by CUBIC's congestion avoidance, by less than a segment.
        Assert.InRange(info.CongestionWindow, 2000, 2999);
    }

    [Fact]
    public void A_probe_the_peer_reports_received_twice_repaired_nothing_and_leaves_the_window()
    {
        // RFC 8985 7.4.2: "Else if ACK has a DSACK option matching TLP.end_seq: Retransmission is redundant".
        var script = new TcpCoreScript(passive: true).Run(ProbedTail + """
            +0    < . 1:1(0) ack 2001 win 8192 <sack 1001:2001>
            """ + NextSegment);
        Assert.Equal(1 << 30, script.Core.TcpInfo().SlowStartThreshold);
    }
}
