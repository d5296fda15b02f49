using Enet.Actors.Tcp;
using Enet.TestKit.TcpScripts;
using Xunit;
using static Enet.Tests.Tcp.Core.TcpCoreOpenCloseTests;

namespace Enet.Tests.Tcp.Core;

/// <summary>RFC 5961: the challenge ACKs of sections 3.2 (RST), 4.2 (SYN) and 5.2 (an ACK too old or of data never
/// sent), and section 7's limit on how many go out per second; scripted against the core.</summary>
public sealed class TcpCoreChallengeAckTests
{
    [Fact]
    public void An_ack_older_than_snd_una_less_the_largest_window_is_dropped_with_its_data_and_draws_a_challenge_ack()
    {
        var script = new TcpCoreScript(passive: true).Run(Accepted + """

            // RFC 5961 5.2: acceptable only within SND.UNA - MAX.SND.WND (65535, the SYN's window) =< SEG.ACK =< SND.NXT.
            +0   < P. 1:101(100) ack 4294800000 win 8192
            +0   > . 1:1(0) ack 1
            // Older than SND.UNA, but within the window: an old duplicate ACK, its data taken.
            +0   < P. 1:101(100) ack 4294907000 win 8192
            +.2  > . 1:1(0) ack 101
            """);
        Assert.Equal(100, script.Received.Count);
        Assert.Equal(1, script.Counters.ChallengeAcks);
    }

    [Fact]
    public void Challenge_acks_beyond_the_limit_of_the_second_are_held_back_and_counted()
    {
        // A limit of 1 allows exactly one a second (drawn from [1, 2)).
        var script = new TcpCoreScript(passive: true, TcpSettings.Default with { ChallengeAckLimit = 1 }).Run(Accepted + """

            +0   < R 11:11(0) win 0
            +0   > . 1:1(0) ack 1
            +0   < R 12:12(0) win 0
            +0   < S 1:1(0) win 8192
            +0   < . 1:1(0) ack 50 win 8192
            +1   < R 13:13(0) win 0
            +0   > . 1:1(0) ack 1
            """);
        Assert.Equal((2, 3), (script.Counters.ChallengeAcks, script.Counters.ChallengeAcksSkipped));
        Assert.Equal(TcpState.Established, script.Core.State);
    }

    [Fact]
    public void A_syn_outside_the_window_draws_a_challenge_ack_too_and_counts_against_the_limit()
    {
        // RFC 5961 4.2: "irrespective of the sequence number"; an old data segment's ACK is no challenge ACK.
        var script = new TcpCoreScript(passive: true, TcpSettings.Default with { ChallengeAckLimit = 1 }).Run(Accepted + """

            +0   < S 90001:90001(0) win 8192
            +0   > . 1:1(0) ack 1
            +0   < S 90001:90001(0) win 8192
            +0   < P. 0:1(1) ack 1 win 8192
            +0   > . 1:1(0) ack 1
            """);
        Assert.Equal((1, 1), (script.Counters.ChallengeAcks, script.Counters.ChallengeAcksSkipped));
    }

    [Fact]
    public void Each_seconds_allowance_is_drawn_between_half_and_one_and_a_half_times_the_limit()
    {
        var limit = new ChallengeAckLimit(100, new Random(5));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var allowances = Enumerable.Range(0, 40).Select(second =>
        {
            var at = start.AddSeconds(second);
            var taken = 0;
            while (taken < 1000 && limit.TryTake(at))
                taken++;
            return taken;
        }).ToList();
        Assert.All(allowances, a => Assert.InRange(a, 50, 149));
        // Randomised (Linux 4.7, CVE-2016-5696): an attacker cannot count on a fixed number.
        Assert.True(allowances.Distinct().Count() > 10, string.Join(", ", allowances));
    }

    [Fact]
    public void The_limit_is_shared_by_the_connections_given_it()
    {
        var shared = new ChallengeAckLimit(1);
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.True(shared.TryTake(at));
        Assert.False(shared.TryTake(at.AddMilliseconds(999)));
        Assert.True(shared.TryTake(at.AddSeconds(1)));
    }
}
