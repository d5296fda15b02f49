using Enet.Actors.Tcp;
using Xunit;

namespace Enet.Tests.Tcp;

/// <summary>RFC 6298's estimator, with its numbers worked by hand.</summary>
public sealed class RetransmissionTimeoutTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Starts_at_the_initial_value_and_the_first_sample_sets_srtt_and_half_of_it_as_rttvar()
    {
        var rto = new RetransmissionTimeout(TimeSpan.FromSeconds(1), Ms(10), TimeSpan.FromSeconds(60));
        Assert.Equal(TimeSpan.FromSeconds(1), rto.Current);
        rto.Sample(Ms(100));
        // 2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4 RTTVAR) = 100 + 200.
        Assert.Equal(Ms(100), rto.SmoothedRtt);
        Assert.Equal(Ms(50), rto.RttVariance);
        Assert.Equal(Ms(300), rto.Current);
    }

    [Fact]
    public void Later_samples_update_rttvar_with_the_old_srtt_then_srtt()
    {
        var rto = new RetransmissionTimeout(TimeSpan.FromSeconds(1), Ms(10), TimeSpan.FromSeconds(60));
        rto.Sample(Ms(100));
        rto.Sample(Ms(200));
        // 2.3: RTTVAR = 3/4 50 + 1/4 |100 - 200| = 62.5; SRTT = 7/8 100 + 1/8 200 = 112.5; RTO = 112.5 + 250.
        Assert.Equal(Ms(62.5), rto.RttVariance);
        Assert.Equal(Ms(112.5), rto.SmoothedRtt);
        Assert.Equal(Ms(362.5), rto.Current);
    }

    [Fact]
    public void Is_clamped_to_the_minimum_and_backs_off_doubling_up_to_the_maximum()
    {
        var rto = new RetransmissionTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        rto.Sample(Ms(1));
        // 2.4: never below 1 s.
        Assert.Equal(TimeSpan.FromSeconds(1), rto.Current);
        var seen = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            rto.Backoff();
            seen.Add(rto.Current.TotalSeconds);
        }
        // 5.5 doubling, 2.5 capped at 60 s.
        Assert.Equal([2, 4, 8, 16, 32, 60, 60, 60], seen);
        Assert.Equal(8, rto.Backoffs);
        rto.Acknowledged();
        Assert.Equal(0, rto.Backoffs);
        Assert.Equal(TimeSpan.FromSeconds(60), rto.Current);
    }

    [Fact]
    public void A_syn_timeout_starts_data_transmission_with_at_least_3_seconds()
    {
        // RFC 6298 5.7: one SYN expiry from 1 s leaves 2 s, under 3: data starts at 3 s.
        var rto = new RetransmissionTimeout(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        rto.Backoff();
        rto.Acknowledged();
        rto.SynTimedOut();
        Assert.Equal(TimeSpan.FromSeconds(3), rto.Current);
        // Backed off beyond 3 s already: it stays.
        rto.Backoff();
        rto.SynTimedOut();
        Assert.Equal(TimeSpan.FromSeconds(6), rto.Current);
    }
}
