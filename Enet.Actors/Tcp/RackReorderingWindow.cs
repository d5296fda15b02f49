namespace Enet.Actors.Tcp;

/// <summary>
/// RACK's reordering window (RFC 8985 6.2 steps 3 and 4): how long after a later-sent segment was delivered an earlier
/// one may still arrive before it is called lost. It starts at a quarter of min_RTT, or 0 while nothing shows the path
/// reorders; data the peer reports received twice (a D-SACK, RFC 2883), meaning a retransmission was needless, widens it
/// by a quarter min_RTT per round trip that sees one, and 16 recoveries without one bring it back.
/// </summary>
public sealed class RackReorderingWindow
{
    /// <summary>RFC 8985 6.2 step 4: recoveries a widened window outlives without a D-SACK.</summary>
    public const int Persistence = 16;

    private SequenceNumber? fack;
    private SequenceNumber? dsackRound;
    private bool roundStartedByLastAck;

    /// <summary>RACK.reo_wnd_mult.</summary>
    public int Multiplier { get; private set; } = 1;

    /// <summary>RACK.reo_wnd_persist: recoveries left before <see cref="Multiplier"/> returns to 1.</summary>
    public int Persist { get; private set; }

    /// <summary>RACK.reordering_seen: an original segment was delivered below one delivered before it.</summary>
    public bool ReorderingSeen { get; private set; }

    /// <summary>RFC 8985 6.2 step 3, for each segment an ACK newly delivers (cumulatively or selectively) in ascending
    /// order: RACK.fack is the highest end delivered; an original (not retransmitted) segment delivered below it was
    /// reordered by the path.</summary>
    public void Delivered(SequenceNumber end, bool retransmitted)
    {
        if (fack is not { } highest || end > highest)
            fack = end;
        else if (end < highest && !retransmitted)
            ReorderingSeen = true;
    }

    /// <summary>RFC 8985 6.2 step 4 for an ACK that leaves SND.UNA at <paramref name="una"/>: the D-SACK round ends
    /// once SND.UNA passes the SND.NXT it began at; a D-SACK outside a round starts one, widening the window by one
    /// step and holding it for <see cref="Persistence"/> recoveries.</summary>
    public void Acknowledged(SequenceNumber una, SequenceNumber sndNxt, bool dsack)
    {
        roundStartedByLastAck = false;
        if (dsackRound is { } round && una >= round)
            dsackRound = null;
        if (dsackRound is not null || !dsack)
            return;
        dsackRound = sndNxt;
        Multiplier++;
        Persist = Persistence;
        roundStartedByLastAck = true;
    }

    /// <summary>RFC 8985 6.2 step 4: "Else if exiting Fast or RTO recovery": one recovery without a D-SACK passed.
    /// </summary>
    public void RecoveryEnded()
    {
        if (roundStartedByLastAck)
            return;
        if (--Persist <= 0)
        {
            Persist = 0;
            Multiplier = 1;
        }
    }

    /// <summary>RFC 8985 6.2 step 4, RACK.reo_wnd: 0 when no reordering was seen and the sender is in recovery or
    /// DupThresh segments are SACKed (<paramref name="lossLikely"/>), as a loss is then more likely than reordering;
    /// else min(reo_wnd_mult * min_RTT / 4, SRTT).</summary>
    public TimeSpan Window(TimeSpan minRtt, TimeSpan srtt, bool lossLikely)
    {
        if (!ReorderingSeen && lossLikely)
            return TimeSpan.Zero;
        var window = Multiplier * minRtt / 4;
        return window < srtt ? window : srtt;
    }
}
