namespace Enet.Actors.Tcp;

/// <summary>
/// The retransmission timeout of RFC 6298: SRTT and RTTVAR from round-trip samples (2.2, 2.3, alpha 1/8, beta 1/4,
/// K 4, G the clock granularity), clamped to [<see cref="Minimum"/>, <see cref="Maximum"/>] (2.4, 2.5), doubled on
/// each expiry (5.5). Karn's rule (3) is the caller's: it samples only segments that were sent once.
/// </summary>
public sealed class RetransmissionTimeout
{
    private static readonly TimeSpan Granularity = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan SynTimeoutRto = TimeSpan.FromSeconds(3);
    private TimeSpan? srtt;
    private TimeSpan rttvar;
    private TimeSpan rto;

    public RetransmissionTimeout(TimeSpan initial, TimeSpan minimum, TimeSpan maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
        // RFC 6298 2.1: before any sample, RTO is the initial value (1 s).
        rto = Clamp(initial);
    }

    public TimeSpan Minimum { get; }

    public TimeSpan Maximum { get; }

    public TimeSpan Current => rto;

    public TimeSpan? SmoothedRtt => srtt;

    public TimeSpan RttVariance => rttvar;

    /// <summary>Expiries since the last new acknowledgment, for the retry bound.</summary>
    public int Backoffs { get; private set; }

    public void Sample(TimeSpan r)
    {
        if (srtt is not { } s)
        {
            // RFC 6298 2.2: the first measurement.
            srtt = r;
            rttvar = r / 2;
        }
        else
        {
            // RFC 6298 2.3: RTTVAR is updated with the old SRTT, then SRTT.
            rttvar = 3 * rttvar / 4 + (s - r).Duration() / 4;
            srtt = 7 * s / 8 + r / 8;
        }
        rto = Clamp(srtt.Value + Max(Granularity, 4 * rttvar));
        Backoffs = 0;
    }

    /// <summary>RFC 6298 5.5: the timer expired; back off.</summary>
    public void Backoff()
    {
        rto = Clamp(rto * 2);
        Backoffs++;
    }

    /// <summary>New data was acknowledged: the backoff count restarts; the backed-off RTO stays until a sample replaces
    /// it (RFC 6298 5: Karn's algorithm keeps it for the next segment, 3).</summary>
    public void Acknowledged() => Backoffs = 0;

    /// <summary>RFC 6298 5.7: the timer expired awaiting the ACK of our SYN, so, with an RTO under 3 seconds, data
    /// transmission begins with it re-initialized to 3 seconds (no sample came from the SYN: Karn's rule, 3).</summary>
    public void SynTimedOut()
    {
        if (rto < SynTimeoutRto)
            rto = Clamp(SynTimeoutRto);
    }

    private TimeSpan Clamp(TimeSpan value) => value < Minimum ? Minimum : value > Maximum ? Maximum : value;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
