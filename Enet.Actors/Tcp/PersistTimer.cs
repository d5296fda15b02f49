namespace Enet.Actors.Tcp;

/// <summary>
/// The persist timer's state (RFC 9293 3.8.6.1, RFC 1122 4.2.2.17): while the peer's window is closed a probe goes
/// out after an RTO, then at exponentially longer intervals up to the maximum RTO. Unlike retransmission it never
/// ends a connection whose peer keeps acknowledging the probes; only probes nobody answers are counted.
/// </summary>
public sealed class PersistTimer
{
    private int backoffs;

    /// <summary>Probes sent since the last segment from the peer.</summary>
    public int Unanswered { get; private set; }

    /// <summary>The wait before the next probe: RTO doubled per probe so far, at most <paramref name="maximum"/>.</summary>
    public TimeSpan Interval(TimeSpan rto, TimeSpan maximum)
    {
        var interval = rto;
        for (var i = 0; i < backoffs && interval < maximum; i++)
            interval *= 2;
        return interval < maximum ? interval : maximum;
    }

    public void Probed()
    {
        backoffs++;
        Unanswered++;
    }

    /// <summary>RFC 1122 4.2.2.17: "MUST allow the connection to stay open as long as the receiving TCP continues to
    /// send acknowledgments in response to the probe segments".</summary>
    public void Answered() => Unanswered = 0;

    /// <summary>The window opened and data flows again: the next closed window starts from one RTO.</summary>
    public void Reset()
    {
        backoffs = 0;
        Unanswered = 0;
    }
}
