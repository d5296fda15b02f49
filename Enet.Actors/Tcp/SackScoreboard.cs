using Enet.Codecs;

namespace Enet.Actors.Tcp;

/// <summary>
/// The sender's record of what the peer reported held beyond SND.UNA in SACK blocks (RFC 2018 section 3, RFC 6675
/// section 3's scoreboard): disjoint ranges in order. From it come RFC 6675 section 4's IsLost, Pipe and NextSeg. The
/// data stays in the send buffer until the cumulative ACK covers it (RFC 2018 section 8: the receiver may renege).
/// Bounded: a peer sending more disjoint ranges than <see cref="MaxRanges"/> loses the highest ones.
/// </summary>
public sealed class SackScoreboard
{
    /// <summary>RFC 6675 section 2: DupThresh, 3.</summary>
    public const int DupThresh = 3;

    public const int MaxRanges = 256;

    private readonly List<(SequenceNumber Start, SequenceNumber End)> ranges = [];

    /// <summary>Ranges RACK (RFC 8985 6.2) found lost, which IsLost counts too.</summary>
    private readonly List<(SequenceNumber Start, SequenceNumber End)> markedLost = [];

    public int Count => ranges.Count;

    /// <summary>Bytes reported held beyond SND.UNA.</summary>
    public int SackedBytes { get; private set; }

    /// <summary>The end of the highest SACKed range.</summary>
    public SequenceNumber? HighestSacked => ranges.Count > 0 ? ranges[^1].End : null;

    /// <summary>Takes the blocks of an ACK (RFC 6675 Update()); only blocks within [SND.UNA, SND.MAX] count: one below
    /// SND.UNA reports data received twice (RFC 2883 D-SACK) and holds nothing. True when it reported new bytes.</summary>
    public bool Update(ReadOnlySpan<SackBlock> blocks, SequenceNumber una, SequenceNumber max)
    {
        var before = SackedBytes;
        foreach (var block in blocks)
        {
            var start = new SequenceNumber(block.Left);
            var end = new SequenceNumber(block.Right);
            if (start < end && start > una && end <= max)
                Add(start, end);
        }
        return SackedBytes > before;
    }

    /// <summary>SND.UNA moved to <paramref name="una"/>: what it covers leaves the scoreboard.</summary>
    public void Acknowledged(SequenceNumber una)
    {
        while (ranges.Count > 0 && ranges[0].Start < una)
        {
            var (start, end) = ranges[0];
            if (end <= una)
            {
                ranges.RemoveAt(0);
                SackedBytes -= end - start;
                continue;
            }
            ranges[0] = (una, end);
            SackedBytes -= una - start;
        }
    }

    public void Clear()
    {
        ranges.Clear();
        markedLost.Clear();
        SackedBytes = 0;
    }

    /// <summary>Takes the segments RACK found lost at its last detection, replacing those before.</summary>
    public void MarkLost(IEnumerable<(SequenceNumber Start, SequenceNumber End, bool Retransmitted)> lost)
    {
        markedLost.Clear();
        foreach (var (start, end, _) in lost)
            markedLost.Add((start, end));
    }

    /// <summary>The end of the SACKed range holding <paramref name="seq"/>, or null when it is not SACKed.</summary>
    public SequenceNumber? SackedEnd(SequenceNumber seq)
    {
        foreach (var (start, end) in ranges)
            if (seq < start)
                return null;
            else if (seq < end)
                return end;
        return null;
    }

    /// <summary>The start of the first SACKed range beyond <paramref name="seq"/>: a segment from there stops at it.</summary>
    public SequenceNumber? NextSacked(SequenceNumber seq)
    {
        foreach (var (start, _) in ranges)
            if (start > seq)
                return start;
        return null;
    }

    /// <summary>RFC 6675 section 4, IsLost(SeqNum): DupThresh discontiguous SACKed ranges above it, or more than
    /// (DupThresh - 1) * SMSS bytes SACKed above it; or RACK marked it lost.</summary>
    public bool IsLost(SequenceNumber seq, int mss)
    {
        foreach (var (start, end) in markedLost)
            if (seq >= start && seq < end)
                return true;
        return LostBySacks(seq, mss);
    }

    /// <summary>RFC 6675's own rule, the same for every octet of a hole.</summary>
    private bool LostBySacks(SequenceNumber seq, int mss)
    {
        var above = 0;
        var bytes = 0;
        for (var i = ranges.Count - 1; i >= 0 && ranges[i].End > seq; i--)
        {
            above++;
            bytes += ranges[i].End - SequenceNumber.Max(ranges[i].Start, seq + 1);
        }
        return above >= DupThresh || bytes > (DupThresh - 1) * mss;
    }

    /// <summary>RFC 6675 section 4, SetPipe(): of the octets from SND.UNA to SND.MAX not SACKed, those not lost and those
    /// retransmitted (below <paramref name="highRxt"/>) each count once, so a retransmitted octet not yet lost counts
    /// twice. RFC 6675's lost-ness is the same for every octet of a hole, RACK's goes by segment.</summary>
    public int Pipe(SequenceNumber una, SequenceNumber max, SequenceNumber highRxt, int mss)
    {
        var pipe = 0;
        var holeStart = una;
        for (var i = 0; i <= ranges.Count; i++)
        {
            var holeEnd = i < ranges.Count ? ranges[i].Start : max;
            var length = holeEnd - holeStart;
            if (length > 0)
            {
                pipe += length - Lost(holeStart, holeEnd, mss);
                pipe += Math.Max(0, SequenceNumber.Min(holeEnd, highRxt) - holeStart);
            }
            if (i < ranges.Count)
                holeStart = ranges[i].End;
        }
        return pipe;
    }

    /// <summary>The bytes not SACKed below the highest SACKed octet that are lost.</summary>
    public int LostBytes(SequenceNumber una, int mss)
    {
        var lost = 0;
        var holeStart = una;
        foreach (var (start, end) in ranges)
        {
            lost += Lost(holeStart, start, mss);
            holeStart = end;
        }
        return lost;
    }

    /// <summary>The octets of the hole [<paramref name="start"/>, <paramref name="end"/>) that are lost: all of it by
    /// RFC 6675's rule, else those RACK marked, segment by segment.</summary>
    private int Lost(SequenceNumber start, SequenceNumber end, int mss)
    {
        if (end - start <= 0)
            return 0;
        if (LostBySacks(start, mss))
            return end - start;
        var lost = 0;
        foreach (var (from, to) in markedLost)
            lost += Math.Max(0, SequenceNumber.Min(to, end) - SequenceNumber.Max(from, start));
        return lost;
    }

    /// <summary>RFC 6675 section 4, NextSeg() rules (1) and (3): the first octet at or beyond <paramref name="highRxt"/>
    /// not SACKed and below the highest SACKed octet, and how much from it may go as one retransmission (up to the next
    /// SACKed range, at most <paramref name="mss"/>). Rule (1) wants one that IsLost; with <paramref name="lostOnly"/>
    /// false any such hole does (rule 3).</summary>
    public (SequenceNumber Start, int Length)? NextHole(SequenceNumber una, SequenceNumber highRxt, int mss, bool lostOnly)
    {
        var holeStart = una;
        foreach (var (start, end) in ranges)
        {
            var from = SequenceNumber.Max(holeStart, highRxt);
            if (from < start && (!lostOnly || IsLost(from, mss)))
                return (from, Math.Min(mss, start - from));
            holeStart = end;
        }
        return null;
    }

    private void Add(SequenceNumber start, SequenceNumber end)
    {
        var i = 0;
        while (i < ranges.Count && ranges[i].End < start)
            i++;
        // Merge every range that overlaps or touches [start, end).
        while (i < ranges.Count && ranges[i].Start <= end)
        {
            start = SequenceNumber.Min(start, ranges[i].Start);
            end = SequenceNumber.Max(end, ranges[i].End);
            SackedBytes -= ranges[i].End - ranges[i].Start;
            ranges.RemoveAt(i);
        }
        if (ranges.Count >= MaxRanges)
        {
            if (i == ranges.Count)
                return;
            SackedBytes -= ranges[^1].End - ranges[^1].Start;
            ranges.RemoveAt(ranges.Count - 1);
        }
        ranges.Insert(i, (start, end));
        SackedBytes += end - start;
    }
}
