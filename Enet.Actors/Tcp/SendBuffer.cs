namespace Enet.Actors.Tcp;

/// <summary>
/// The bytes from SND.UNA on: sent and unacknowledged (the retransmission queue, RFC 9293 3.8.1) followed by
/// those not sent yet. A ring of fixed capacity, so a writer that outruns the peer is refused, not buffered
/// without bound.
/// </summary>
public sealed class SendBuffer
{
    private byte[] ring;
    private int start;

    public SendBuffer(int capacity) => ring = new byte[capacity];

    public int Capacity => ring.Length;

    public int Count { get; private set; }

    public int Free => ring.Length - Count;

    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        if (data.Length > Free)
            return false;
        var tail = (start + Count) % ring.Length;
        var first = Math.Min(data.Length, ring.Length - tail);
        data[..first].CopyTo(ring.AsSpan(tail));
        data[first..].CopyTo(ring);
        Count += data.Length;
        return true;
    }

    /// <summary>Drops <paramref name="count"/> acknowledged bytes from the front.</summary>
    public void Discard(int count)
    {
        count = Math.Min(count, Count);
        start = (start + count) % ring.Length;
        Count -= count;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="offset"/> (from SND.UNA).</summary>
    public void CopyTo(int offset, Span<byte> destination)
    {
        var from = (start + offset) % ring.Length;
        var first = Math.Min(destination.Length, ring.Length - from);
        ring.AsSpan(from, first).CopyTo(destination);
        ring.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    /// <summary>Moves what is queued into a ring of <paramref name="capacity"/> bytes, which must hold it.</summary>
    public void Resize(int capacity)
    {
        if (capacity < Count)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "smaller than the bytes queued");
        if (capacity == ring.Length)
            return;
        var resized = new byte[capacity];
        CopyTo(0, resized.AsSpan(0, Count));
        ring = resized;
        start = 0;
    }

    public void Clear()
    {
        start = 0;
        Count = 0;
    }
}
