namespace Enet.Actors.Tcp;

/// <summary>
/// The sender's congestion window (RFC 5681): slow start and congestion avoidance (3.1), fast retransmit and fast
/// recovery (3.2) with NewReno's partial acknowledgments (RFC 6582 3.2), limited transmit (RFC 3042), and the loss
/// window after a retransmission timeout. The connection sends at most min(<see cref="Window"/> +
/// <see cref="LimitedTransmit"/>, the peer's window) beyond SND.UNA. With <see cref="CongestionAlgorithm.Cubic"/>,
/// congestion avoidance and the cut on a loss are RFC 9438's (<see cref="Tcp.Cubic"/>). With SACK, loss recovery is RFC
/// 6675's: cwnd is set to ssthresh on entry and neither inflated nor deflated, as the connection counts what is in
/// flight from its scoreboard (the pipe) instead.
/// </summary>
public sealed class CongestionControl
{
    /// <summary>Keeps cwnd growth from overflowing on a long, clean connection.</summary>
    private const int MaximumWindow = 1 << 30;

    private readonly int mss;
    private SequenceNumber recover;

    /// <summary>How far the last new ACK moved SND.UNA, for RFC 6582 4.1's ACK heuristic.</summary>
    private int lastAdvance = int.MaxValue;

    /// <summary>Bytes sent beyond cwnd by limited transmit since the last new ACK: RFC 5681 3.2 step 2 leaves them out
    /// of the FlightSize that halves into ssthresh.</summary>
    private int limitedTransmitted;

    public CongestionControl(int mss, SequenceNumber iss, CongestionAlgorithm algorithm = CongestionAlgorithm.NewReno, bool sack = false,
        bool hyStart = false)
    {
        this.mss = mss;
        Algorithm = algorithm;
        Sack = sack;
        Cubic = algorithm == CongestionAlgorithm.Cubic ? new Cubic(mss) : null;
        HyStart = Cubic is not null && hyStart ? new HyStart() : null;
        // RFC 5681 3.1 equation (1): IW = 2, 3 or 4 segments by SMSS; ssthresh starts "arbitrarily high".
        Window = mss > 2190 ? 2 * mss : mss > 1095 ? 3 * mss : 4 * mss;
        SlowStartThreshold = MaximumWindow;
        // RFC 6582 3.2 step 1: recover starts at the ISS.
        recover = iss;
    }

    public CongestionAlgorithm Algorithm { get; }

    /// <summary>Loss recovery by RFC 6675, the connection sending by its pipe.</summary>
    public bool Sack { get; }

    /// <summary>CUBIC's state, with <see cref="CongestionAlgorithm.Cubic"/>.</summary>
    public Cubic? Cubic { get; }

    /// <summary>HyStart++ (RFC 9406) watching CUBIC's first slow start, when enabled (enet.tcp.hystart).</summary>
    public HyStart? HyStart { get; }

    /// <summary>Where HyStart++ is: off, watching slow start, in CSS, or done (a loss, or CSS ended slow start).</summary>
    public string HyStartPhase => HyStart switch
    {
        null => "off",
        { Conservative: true } => "css",
        { Active: true } => "slow-start",
        _ => "done",
    };

    /// <summary>cwnd, in bytes.</summary>
    public int Window { get; private set; }

    /// <summary>ssthresh, in bytes.</summary>
    public int SlowStartThreshold { get; private set; }

    public bool InFastRecovery { get; private set; }

    public int DuplicateAcks { get; private set; }

    /// <summary>Fast retransmits so far (entries into fast recovery).</summary>
    public int FastRetransmits { get; private set; }

    /// <summary>RFC 3042 2: on the first and second duplicate ACK (outside recovery) one new segment each may go beyond
    /// cwnd, so that a small window still draws the three duplicates fast retransmit needs; cwnd itself is unchanged.
    /// </summary>
    public int LimitedTransmit => InFastRecovery ? 0 : Math.Min(DuplicateAcks, 2) * mss;

    /// <summary>The connection sent <paramref name="bytes"/> beyond cwnd on <see cref="LimitedTransmit"/>'s allowance.</summary>
    public void LimitedTransmitSent(int bytes) => limitedTransmitted += bytes;

    /// <summary>An ACK that advanced SND.UNA by <paramref name="acked"/> bytes to <paramref name="ack"/>, leaving
    /// <paramref name="flightSize"/> outstanding. True when it is a partial ACK in fast recovery: the caller then
    /// retransmits the first unacknowledged segment (RFC 6582 3.2 step 5). <paramref name="now"/> and
    /// <paramref name="rtt"/> (SRTT) time CUBIC's growth.</summary>
    public bool OnNewAck(int acked, SequenceNumber ack, int flightSize, DateTimeOffset now = default, TimeSpan rtt = default)
    {
        DuplicateAcks = 0;
        limitedTransmitted = 0;
        lastAdvance = acked;
        if (InFastRecovery)
        {
            if (ack >= recover)
            {
                // RFC 6582 3.2 step 6, full acknowledgment: deflate to min(ssthresh, max(FlightSize, SMSS) + SMSS).
                Window = Math.Min(SlowStartThreshold, Math.Max(flightSize, mss) + mss);
                InFastRecovery = false;
                return false;
            }
            // RFC 6675 5: a partial ACK leaves cwnd alone; the pipe decides what is sent.
            if (Sack)
                return false;
            // Step 5, partial acknowledgment: deflate by what was acked, add back one SMSS if at least that much was,
            // so about ssthresh stays in flight once the retransmitted segment leaves.
            Window = Math.Max(mss, Window - acked + (acked >= mss ? mss : 0));
            return true;
        }
        // RFC 5681 3.1: slow start adds min(N, SMSS) per ACK (equation 2), as CUBIC's does (RFC 9438 4.10), within
        // HyStart++'s min(N, L*SMSS) (RFC 9406 4.2) and a quarter of it in CSS; congestion avoidance about one SMSS per
        // RTT, SMSS*SMSS/cwnd per ACK (equation 3), or CUBIC's function.
        var growth = Window < SlowStartThreshold ? Math.Min(acked, mss) / (HyStart?.Conservative == true ? HyStart.CssGrowthDivisor : 1)
            : Cubic?.Grow(Window, acked, now, rtt) ?? Math.Max(1, (int)((long)mss * mss / Window));
        Window = Math.Min(MaximumWindow, Window + growth);
        return false;
    }

    /// <summary>An ACK in the first slow start moved SND.UNA to <paramref name="una"/>, with <paramref name="sndNxt"/>
    /// sent and the round trip it measured: HyStart++ (RFC 9406 4.2) may end slow start, ssthresh = cwnd.</summary>
    public void SlowStartAck(SequenceNumber una, SequenceNumber sndNxt, TimeSpan? rtt)
    {
        if (!InFastRecovery && Window < SlowStartThreshold && HyStart?.OnAck(una, sndNxt, rtt) == true)
            SlowStartThreshold = Window;
    }

    /// <summary>A duplicate ACK (RFC 5681 2) of <paramref name="ack"/>; <paramref name="sndMax"/> is the highest
    /// sequence number sent. True on the third, when the caller retransmits the first unacknowledged segment.</summary>
    public bool OnDuplicateAck(SequenceNumber ack, SequenceNumber sndMax, int flightSize)
    {
        if (InFastRecovery)
        {
            // RFC 5681 3.2 step 4 (RFC 6582 step 3): each further duplicate means a segment left the network. With SACK
            // the pipe counts that instead (RFC 6675 5).
            if (!Sack)
                Window = Math.Min(MaximumWindow, Window + mss);
            return false;
        }
        DuplicateAcks++;
        return DuplicateAcks == 3 && EnterRecovery(ack, sndMax, flightSize);
    }

    /// <summary>A loss was detected at <paramref name="ack"/> (SND.UNA): the third duplicate, or RFC 6675 5's IsLost
    /// (SND.UNA + 1) from the scoreboard. True when fast recovery starts and the caller retransmits.</summary>
    public bool EnterRecovery(SequenceNumber ack, SequenceNumber sndMax, int flightSize)
    {
        if (InFastRecovery)
            return false;
        // RFC 6582 3.2 step 2: only an ACK covering more than recover starts a new recovery, so duplicates caused by
        // the retransmissions of one loss event (after a timeout's go-back-N, say) do not halve the window again.
        // RFC 6582 4.1's ACK heuristic tells the two apart below recover: duplicates after a small cumulative step
        // (at most 4*SMSS) with cwnd above one SMSS mean a new loss, not data the peer got twice.
        // With SACK, RFC 6675 5 step 4.1: a new recovery once the cumulative ACK is beyond the last RecoveryPoint (HighData,
        // the octet before recover).
        if (Sack ? ack < recover : ack <= recover && !(Window > mss && lastAdvance <= 4 * mss))
            return false;
        // RFC 5681 3.2 steps 2 and 3: ssthresh = max(FlightSize / 2, 2*SMSS) (equation 4), without what limited
        // transmit sent (RFC 5681 3.2 step 2, RFC 3042 2), then cwnd = ssthresh + 3*SMSS; CUBIC takes beta = 0.7 of the
        // flight instead (RFC 9438 4.6). RFC 6675 5 step 4.2: with SACK, cwnd = ssthresh.
        SlowStartThreshold = Reduce(flightSize - limitedTransmitted);
        limitedTransmitted = 0;
        HyStart?.Stop();
        Window = Sack ? SlowStartThreshold : SlowStartThreshold + 3 * mss;
        recover = sndMax;
        InFastRecovery = true;
        FastRetransmits++;
        return true;
    }

    /// <summary>RFC 8985 7.4.2: a tail loss probe repaired a loss, and congestion control reacts to it as to any loss:
    /// ssthresh as on entering recovery (RFC 5681 3.2 equation 4, RFC 9438 4.6 for CUBIC) and cwnd down to it (Linux's
    /// CWR), without a recovery, as nothing is left to repair.</summary>
    public void OnProbeRepairedLoss(int flightSize)
    {
        SlowStartThreshold = Reduce(flightSize);
        Window = Math.Min(Window, SlowStartThreshold);
        HyStart?.Stop();
    }

    /// <summary>The retransmission timer expired. RFC 5681 3.1: ssthresh = max(FlightSize / 2, 2*SMSS) on the first
    /// expiry for a segment (held on later ones), cwnd = the loss window of one SMSS. RFC 6582 3.2: recover = the
    /// highest sequence number sent, and fast recovery ends.</summary>
    public void OnRetransmitTimeout(int flightSize, SequenceNumber sndMax, bool firstExpiry)
    {
        if (firstExpiry)
            SlowStartThreshold = Reduce(flightSize);
        // RFC 9438 4.8: CUBIC reduces as Reno does, with its own ssthresh, and restarts its function after.
        Cubic?.OnTimeout();
        HyStart?.Stop();
        Window = mss;
        recover = sndMax;
        InFastRecovery = false;
        DuplicateAcks = 0;
        limitedTransmitted = 0;
        lastAdvance = int.MaxValue;
    }

    private int Reduce(int flightSize) => Cubic?.OnLoss(Window, flightSize) ?? Math.Max(flightSize / 2, 2 * mss);
}
