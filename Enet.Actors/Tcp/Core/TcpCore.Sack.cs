using Enet.Codecs;

namespace Enet.Actors.Tcp;

// TcpCore: SACK (RFC 2018): blocks sent for the data held out of order, and the blocks received kept in a scoreboard
// for RFC 6675's loss recovery, which retransmits several holes per round trip and sends as much as the pipe allows.
public sealed partial class TcpCore
{
    /// <summary>Both SYNs carried SACK-permitted (RFC 2018 2).</summary>
    private bool sackOn;

    private readonly SackScoreboard scoreboard = new();

    /// <summary>Where the latest out-of-order segments began, most recent first: RFC 2018 4 wants the first block to hold
    /// the segment that triggered the ACK and the next ones to repeat the most recently reported.</summary>
    private readonly List<SequenceNumber> recentOutOfOrder = new(MaxSackBlocks);

    /// <summary>RFC 2883: data that arrived again, for the first block of the next ACK (a D-SACK), then forgotten.</summary>
    private SackBlock? duplicate;

    /// <summary>RFC 6675 HighRxt, as the end of the highest octet retransmitted in this recovery.</summary>
    private SequenceNumber highRxt;

    /// <summary>Four blocks fill 34 of the 40 bytes of options; with timestamps' 12, three fit (RFC 2018 3).</summary>
    private const int MaxSackBlocks = 4;

    public bool SackOn => sackOn;

    /// <summary>RFC 2018 3: kind, length and 8 bytes per block, behind two NOPs for alignment.</summary>
    private static int SackOptionLength(int blocks) => 4 + 8 * blocks;

    /// <summary>RFC 2018 4: the data receiver reports the segment just held out of order in the first block.</summary>
    private void ReceivedOutOfOrder(SequenceNumber start)
    {
        recentOutOfOrder.Remove(start);
        if (recentOutOfOrder.Count == MaxSackBlocks)
            recentOutOfOrder.RemoveAt(MaxSackBlocks - 1);
        recentOutOfOrder.Insert(0, start);
    }

    /// <summary>RFC 2883 4: <paramref name="length"/> octets from <paramref name="seq"/> had all arrived before; the
    /// next ACK reports them in a D-SACK block, so the sender can tell a needless retransmission.</summary>
    private void ReceivedTwice(SequenceNumber seq, int length)
    {
        if (sackOn && length > 0)
            duplicate = new SackBlock(seq.Value, (seq + length).Value);
    }

    /// <summary>RFC 2018 4: the blocks for an ACK: the range holding the most recent out-of-order segment first, then
    /// those of the segments before it, then (where room is left) the other ranges held, lowest first; none when nothing
    /// is held out of order. RFC 2883 4: a D-SACK block, when data arrived twice, goes before them all, once.</summary>
    private SackBlock[]? SackBlocks()
    {
        if (!sackOn || outOfOrder.Count == 0 && duplicate is null)
            return null;
        var ranges = outOfOrder.Ranges().ToList();
        var room = timestampsOn ? MaxSackBlocks - 1 : MaxSackBlocks;
        var blocks = new List<SackBlock>(room);
        if (duplicate is { } twice)
            blocks.Add(twice);
        duplicate = null;
        // The D-SACK block may equal the SACK block that holds it (RFC 2883 4.1.2); the SACK blocks differ.
        var first = blocks.Count;
        void Add((SequenceNumber Start, SequenceNumber End) range)
        {
            var block = new SackBlock(range.Start.Value, range.End.Value);
            if (blocks.Count < room && blocks.IndexOf(block, first) < 0)
                blocks.Add(block);
        }
        foreach (var recent in recentOutOfOrder)
            foreach (var range in ranges)
                if (recent >= range.Start && recent < range.End)
                    Add(range);
        foreach (var range in ranges)
            Add(range);
        return [.. blocks];
    }

    /// <summary>RFC 2018 3 and 8: SACK blocks hold data beyond SND.UNA, which stays queued until cumulatively acked. True
    /// when they reported new data.</summary>
    private bool TakeSackBlocks(Segment s) => sackOn && s.Sack is { } blocks && scoreboard.Update(blocks, sndUna, sndMax);

    /// <summary>RFC 6675 5 (step 4 once IsLost(HighACK + 1)): the scoreboard alone can say the first segment is lost,
    /// before three duplicates came (some may have been lost, or carried several segments' worth of blocks).</summary>
    private void DetectSackLoss()
    {
        if (!sackOn)
            return;
        RackDetectLoss();
        if (!congestion.InFastRecovery && sndMax != sndUna && (scoreboard.Count > 0 && scoreboard.IsLost(sndUna, sendMss) ||
                rackLost.Count > 0) && congestion.EnterRecovery(sndUna, sndMax, sndMax - sndUna))
            StartRecovery();
    }

    /// <summary>RFC 5681 3.2 step 2 / RFC 6675 5 step 4.3: recovery starts by retransmitting the first segment, whatever
    /// the pipe; with SACK HighRxt starts at HighACK and the first segment is the first lost one (RACK may find a later
    /// hole lost before the first, RFC 8985 6.2).</summary>
    private void StartRecovery()
    {
        // RFC 8985 7.4.2 leaves the response to a loss the probe repaired to congestion control; recovery makes it, so
        // the probe's episode does not make it twice (Linux's tcp_init_cwnd_reduction ends the episode too).
        probeRetransmitted = false;
        highRxt = sndUna;
        if (sackOn && scoreboard.NextHole(sndUna, highRxt, sendMss, lostOnly: true) is { } lost)
            Retransmit(lost.Start, lost.Length);
        else
            RetransmitFirstSegment();
    }

    /// <summary>RFC 6675 5 step (C): while cwnd - pipe is at least one SMSS, send what NextSeg() gives: a lost hole
    /// (rule 1), new data (rule 2), a hole below the highest SACKed octet (rule 3). Before them, a retransmission RACK
    /// found lost (RFC 8985 6.2), which RFC 6675 alone would leave to the timeout. The rescue retransmission (rule 4) is
    /// left out: TLP (RFC 8985 7) covers the tail.</summary>
    private void SackRecoveryOutput()
    {
        for (var i = 0; i < 10_000; i++)
        {
            var room = congestion.Window - scoreboard.Pipe(sndUna, sndMax, highRxt, sendMss);
            if (room < sendMss)
                return;
            if (LostRetransmission() is { } again)
            {
                Retransmit(again.Start, again.Length);
                continue;
            }
            if (scoreboard.NextHole(sndUna, highRxt, sendMss, lostOnly: true) is { } lost)
            {
                Retransmit(lost.Start, lost.Length);
                continue;
            }
            var offset = sndNxt - sndUna;
            var unsent = sendBuffer.Count - offset;
            var usable = Math.Min(sndWnd - offset, room);
            var length = unsent > 0 && usable > 0
                ? SenderSillyWindowAvoidance.Sendable(unsent, usable, sendMss, ShortSegmentInFlight, Options.NoDelay, maxSndWnd)
                : 0;
            if (length > 0)
            {
                SendData(offset, length, finQueued && length == unsent);
                continue;
            }
            if (scoreboard.NextHole(sndUna, highRxt, sendMss, lostOnly: false) is { } hole)
            {
                Retransmit(hole.Start, hole.Length);
                continue;
            }
            return;
        }
    }

    /// <summary>After a timeout's go-back, data the peer SACKed is not sent again (RFC 6675 5.1 keeps the scoreboard in
    /// use; the segment at SND.UNA always goes, RFC 2018 8): the SACKed range at SND.NXT, if any, is skipped. Ranges
    /// are merged, so SND.NXT then starts a hole.</summary>
    private void SkipSacked()
    {
        if (sackOn && sndNxt < sndMax && scoreboard.SackedEnd(sndNxt) is { } end)
            sndNxt = SequenceNumber.Min(end, sndMax);
    }

    /// <summary>With SACK, how much of the go-back may go in one segment from SND.NXT: up to the next SACKed range.</summary>
    private int UnsackedAhead(int unsent) =>
        sackOn && sndNxt < sndMax && scoreboard.NextSacked(sndNxt) is { } next ? Math.Min(unsent, next - sndNxt) : unsent;
}
