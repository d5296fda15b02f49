using System.Runtime.InteropServices;

namespace Enet.Actors.Tcp;

/// <summary>
/// When each outstanding segment was last sent and whether that was a retransmission: what RACK (RFC 8985 6) reads
/// to call a segment lost once one sent after it was delivered. Ranges in sequence order from SND.UNA; a
/// retransmission splits the ranges it covers so the part resent carries its new time. Bounded by the send buffer:
/// one entry per segment in flight at most.
/// </summary>
public sealed class SentSegments
{
    private readonly List<Entry> entries = [];
    private int retransmissions;

    public readonly record struct Entry(SequenceNumber Start, SequenceNumber End, DateTimeOffset SentAt, bool Retransmitted);

    /// <summary>A span, so RACK's walk over it on every ACK allocates no enumerator; valid until the next change.</summary>
    public ReadOnlySpan<Entry> Entries => CollectionsMarshal.AsSpan(entries);

    /// <summary>No entry is a retransmission, so the entries went in sequence order and their times only grow: a walk
    /// looking for segments sent before some time can stop at the first one sent after it.</summary>
    public bool InSendOrder => retransmissions == 0;

    /// <summary>[<paramref name="start"/>, <paramref name="end"/>) went at <paramref name="at"/>: new data past the last
    /// entry, or a retransmission of ranges already recorded.</summary>
    public void Sent(SequenceNumber start, SequenceNumber end, DateTimeOffset at)
    {
        if (end <= start)
            return;
        if (entries.Count == 0 || start >= entries[^1].End)
        {
            entries.Add(new Entry(start, end, at, false));
            return;
        }
        Split(start);
        Split(end);
        for (var i = 0; i < entries.Count; i++)
            if (entries[i].Start >= start && entries[i].End <= end)
            {
                if (!entries[i].Retransmitted)
                    retransmissions++;
                entries[i] = entries[i] with { SentAt = at, Retransmitted = true };
            }
        if (end > entries[^1].End)
            entries.Add(new Entry(entries[^1].End, end, at, false));
    }

    /// <summary>SND.UNA moved to <paramref name="una"/>.</summary>
    public void Acknowledged(SequenceNumber una)
    {
        var drop = 0;
        while (drop < entries.Count && entries[drop].End <= una)
        {
            if (entries[drop].Retransmitted)
                retransmissions--;
            drop++;
        }
        entries.RemoveRange(0, drop);
        if (entries.Count > 0 && entries[0].Start < una)
            entries[0] = entries[0] with { Start = una };
    }

    public void Clear()
    {
        entries.Clear();
        retransmissions = 0;
    }

    private void Split(SequenceNumber at)
    {
        for (var i = 0; i < entries.Count; i++)
            if (entries[i].Start < at && at < entries[i].End)
            {
                entries.Insert(i + 1, entries[i] with { Start = at });
                if (entries[i].Retransmitted)
                    retransmissions++;
                entries[i] = entries[i] with { End = at };
                return;
            }
    }
}
