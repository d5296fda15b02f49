using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 8201 5.2: a Packet Too Big shrinks the segments of the connection it names, scripted against the core
/// (the IPv6 layer and the TCP layer turn the ICMPv6 message into <see cref="TcpCore.PathMtuReduced"/>).</summary>
public sealed class TcpCorePathMtuTests
{
    /// <summary>A passive open over IPv6 on a 1500-byte link: both sides offer 1500 - 60 = 1440.</summary>
    private const string AcceptedOverIpv6 = """
        0    < S 0:0(0) win 65535 <mss 1440>
        +0   > S. 0:0(0) ack 1 win 65535 <mss 1440>
        +.01 < . 1:1(0) ack 1 win 65535
        """;

    /// <summary>Without timestamps, so a segment's data is the MSS itself and the arithmetic stays the RFC's.</summary>
    private static TcpCoreScript Ipv6Script(bool passive) =>
        new(passive, TcpCoreTimerTests.NewReno with { Timestamps = false }, mss: 1440);

    [Fact]
    public void What_was_in_flight_goes_again_at_once_in_segments_the_path_carries_and_cwnd_is_not_cut()
    {
        var script = Ipv6Script(passive: true).Run(AcceptedOverIpv6 + """

            +0   write 2880
            +0   > . 1:1441(1440) ack 1
            +0   > P. 1441:2881(1440) ack 1
            // A router's link carries 1280: 1280 - 60 = 1220 bytes of data a segment.
            +.01 pmtu 1220
            +0   > . 1:1221(1220) ack 1
            +0   > . 1221:2441(1220) ack 1
            +0   > P. 2441:2881(440) ack 1
            +.01 < . 1:1(0) ack 2881 win 65535
            """);
        var info = script.Core.Info();
        Assert.Equal(1220, info.SendMss);
        // RFC 1191 6.5: not a congestion signal: slow start goes on, the initial window of 3 segments growing by one
        // SMSS for the ACK (RFC 5681 3.1).
        Assert.Equal(3 * 1440 + 1440, info.CongestionWindow);
        Assert.Equal(0, script.Counters.RetransSegs);
    }

    [Fact]
    public void A_report_no_smaller_than_the_segments_or_for_data_never_sent_changes_nothing()
    {
        var script = Ipv6Script(passive: true).Run(AcceptedOverIpv6 + """

            +0   write 1000
            +0   > P. 1:1001(1000) ack 1
            +.01 pmtu 1440
            +.01 quiet
            """);
        // RFC 5927 5.1: a sequence number beyond what was sent is a blind guess.
        script.Core.PathMtuReduced(1220, TcpCoreScript.Iss + 5000, TcpCoreScript.Start + TimeSpan.FromSeconds(1));
        Assert.Equal(1440, script.Core.Info().SendMss);
        script.Run("""
            +.01 < . 1:1(0) ack 1001 win 65535
            """);
    }

    [Fact]
    public void A_report_during_the_handshake_caps_the_segments_the_peers_mss_allows()
    {
        var script = Ipv6Script(passive: false).Run("""
            0    connect
            +0   > S 0:0(0) win 65535 <mss 1440,nop,wscale 3,sackOK>
            +.01 pmtu 1220
            +.04 < S. 0:0(0) ack 1 win 65535 <mss 1440>
            +0   > . 1:1(0) ack 1
            """);
        Assert.Equal(1220, script.Core.Info().SendMss);
    }
}
