namespace Enet.Actors.Tcp;

/// <summary>
/// Segments received beyond RCV.NXT, kept until the hole before them fills (RFC 9293 3.10.7.4: "segments with higher
/// beginning sequence numbers may be held for later processing"). Bounded by <see cref="MaxSegments"/> pieces; data
/// already held wins over a later overlapping copy, so a duplicate or overlapping segment adds only its new bytes.
/// </summary>
public sealed class OutOfOrderQueue
{
    private readonly List<(SequenceNumber Start, byte[] Data)> pieces = [];

    public OutOfOrderQueue(int maxSegments) => MaxSegments = maxSegments;

    public int MaxSegments { get; }

    public int Count => pieces.Count;

    public int Bytes { get; private set; }

    /// <summary>Keeps the bytes of <paramref name="data"/> (starting at <paramref name="start"/>) not held yet;
    /// false when nothing new fitted within the bound.</summary>
    public bool Insert(SequenceNumber start, ReadOnlySpan<byte> data)
    {
        var added = false;
        var end = start + data.Length;
        var cursor = start;
        // Walk the pieces in order, adding the gaps of [start, end) between them.
        for (var i = 0; i <= pieces.Count && cursor < end; i++)
        {
            var gapEnd = i < pieces.Count ? SequenceNumber.Min(end, pieces[i].Start) : end;
            if (gapEnd > cursor)
            {
                if (pieces.Count >= MaxSegments)
                    return added;
                pieces.Insert(i, (cursor, data[(cursor - start)..(gapEnd - start)].ToArray()));
                Bytes += gapEnd - cursor;
                added = true;
                i++;
            }
            if (i < pieces.Count)
                cursor = SequenceNumber.Max(cursor, pieces[i].Start + pieces[i].Data.Length);
        }
        return added;
    }

    /// <summary>Removes the first piece if it reaches <paramref name="next"/> (the new RCV.NXT) and gives its bytes from
    /// there on, without copying them again; pieces wholly before <paramref name="next"/> are dropped. False while the
    /// hole before the first piece is open. Called until false, it hands back all the data contiguous from there.</summary>
    public bool TryTake(SequenceNumber next, out ReadOnlyMemory<byte> data)
    {
        while (pieces.Count > 0 && pieces[0].Start <= next)
        {
            var (pieceStart, bytes) = pieces[0];
            pieces.RemoveAt(0);
            Bytes -= bytes.Length;
            var skip = next - pieceStart;
            if (skip < bytes.Length)
            {
                data = bytes.AsMemory(skip);
                return true;
            }
        }
        data = default;
        return false;
    }

    /// <summary>Whether every byte of [<paramref name="start"/>, <paramref name="end"/>) is held.</summary>
    public bool Holds(SequenceNumber start, SequenceNumber end)
    {
        foreach (var (from, to) in Ranges())
            if (from <= start && end <= to)
                return true;
        return false;
    }

    /// <summary>The contiguous ranges held, in order, adjacent pieces joined: what SACK blocks report (RFC 2018 4).</summary>
    public IEnumerable<(SequenceNumber Start, SequenceNumber End)> Ranges()
    {
        for (var i = 0; i < pieces.Count;)
        {
            var start = pieces[i].Start;
            var end = start + pieces[i].Data.Length;
            for (i++; i < pieces.Count && pieces[i].Start == end; i++)
                end += pieces[i].Data.Length;
            yield return (start, end);
        }
    }

    public void Clear()
    {
        pieces.Clear();
        Bytes = 0;
    }
}
