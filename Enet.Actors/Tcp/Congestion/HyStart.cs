namespace Enet.Actors.Tcp;

/// <summary>
/// HyStart++ (RFC 9406): ends the first slow start before it overshoots, from a rise in the round trip rather than a
/// loss. Each round (a window of data, 4.2) keeps its least RTT; once a round's minimum, from at least 8 samples, exceeds
/// the last round's by an eighth of it (at least 4 ms, at most 16 ms), Conservative Slow Start (CSS) follows: growth at
/// a quarter of slow start's for at most 5 rounds, then congestion avoidance with ssthresh = cwnd. An RTT back below
/// the one that started CSS means the rise was noise, and slow start resumes. A loss ends it all (4.2); only the first
/// slow start uses it (4.3).
/// </summary>
public sealed class HyStart
{
    /// <summary>RFC 9406 4.3's recommended constants.</summary>
    public static readonly TimeSpan MinRttThresh = TimeSpan.FromMilliseconds(4), MaxRttThresh = TimeSpan.FromMilliseconds(16);

    public const int MinRttDivisor = 8, NRttSample = 8, CssGrowthDivisor = 4, CssRounds = 5;

    private SequenceNumber? windowEnd;
    private TimeSpan? lastRoundMinRtt, currentRoundMinRtt;
    private int rttSampleCount;
    private TimeSpan? cssBaselineMinRtt;
    private int cssRoundsDone;

    /// <summary>Still watching the first slow start: neither a loss nor CSS's end has ended it.</summary>
    public bool Active { get; private set; } = true;

    /// <summary>In Conservative Slow Start: slow start's growth is divided by <see cref="CssGrowthDivisor"/>.</summary>
    public bool Conservative => cssBaselineMinRtt is not null;

    /// <summary>An ACK in slow start moved SND.UNA to <paramref name="una"/> with <paramref name="sndNxt"/> sent, with
    /// the round trip it measured, if any. True when HyStart++ ends slow start here: the caller sets ssthresh = cwnd
    /// (RFC 9406 4.2: "enter congestion avoidance by setting the ssthresh to the current cwnd").</summary>
    public bool OnAck(SequenceNumber una, SequenceNumber sndNxt, TimeSpan? rtt)
    {
        if (!Active)
            return false;
        // RFC 9406 4.2: a round is the data sent up to windowEnd, the SND.NXT when it began; it is over once SND.UNA
        // passes windowEnd (Linux's end_seq), so the ACK that reaches it still counts in its round.
        if (windowEnd is not { } end || una > end)
        {
            windowEnd = sndNxt;
            lastRoundMinRtt = currentRoundMinRtt;
            currentRoundMinRtt = null;
            rttSampleCount = 0;
            if (Conservative && ++cssRoundsDone >= CssRounds)
            {
                Active = false;
                cssBaselineMinRtt = null;
                return true;
            }
        }
        if (rtt is not { } sample)
            return false;
        currentRoundMinRtt = currentRoundMinRtt is { } least && least <= sample ? least : sample;
        rttSampleCount++;
        if (rttSampleCount < NRttSample || currentRoundMinRtt is not { } current)
            return false;
        if (!Conservative && lastRoundMinRtt is { } last)
        {
            var threshold = Clamp(last / MinRttDivisor, MinRttThresh, MaxRttThresh);
            if (current >= last + threshold)
            {
                cssBaselineMinRtt = current;
                cssRoundsDone = 0;
            }
        }
        else if (Conservative && current < cssBaselineMinRtt)
            cssBaselineMinRtt = null;
        return false;
    }

    /// <summary>RFC 9406 4.2: a loss (or ECN) in slow start or CSS ends HyStart++; 4.3: later slow starts are plain,
    /// ssthresh from the loss bounding them.</summary>
    public void Stop()
    {
        Active = false;
        cssBaselineMinRtt = null;
    }

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;
}
