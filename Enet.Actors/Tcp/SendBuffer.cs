using System.Buffers;

namespace Enet.Actors.Tcp;

/// <summary>
/// The bytes from SND.UNA on: sent and unacknowledged (the retransmission queue, RFC 9293 3.8.1) followed by
/// those not sent yet. A ring bounded by <see cref="Capacity"/>, so a writer that outruns the peer is refused, not
/// buffered without bound. The ring's memory is taken on demand: none while nothing is queued (an idle connection
/// costs no buffer, which is what lets a host hold 100k of them), rented from <see cref="ArrayPool{T}.Shared"/>
/// and doubled as data is queued, never past the capacity, and given back once every byte is acknowledged.
/// </summary>
public sealed class SendBuffer
{
    /// <summary>The smallest ring rented: small writes do not regrow it byte by byte.</summary>
    public const int MinimumRing = 1024;

    private byte[] ring = [];
    private int start;

    public SendBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
    }

    /// <summary>The most bytes it queues (SO_SNDBUF): the limit, not the memory held now (see <see cref="Allocated"/>).</summary>
    public int Capacity { get; private set; }

    public int Count { get; private set; }

    public int Free => Capacity - Count;

    /// <summary>The bytes of ring held now: 0 when empty.</summary>
    public int Allocated => ring.Length;

    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        if (data.Length > Free)
            return false;
        if (data.IsEmpty)
            return true;
        if (Count + data.Length > ring.Length)
            Grow(Count + data.Length);
        var tail = (start + Count) % ring.Length;
        var first = Math.Min(data.Length, ring.Length - tail);
        data[..first].CopyTo(ring.AsSpan(tail));
        data[first..].CopyTo(ring);
        Count += data.Length;
        return true;
    }

    /// <summary>Drops <paramref name="count"/> acknowledged bytes from the front; the ring goes back once empty.</summary>
    public void Discard(int count)
    {
        count = Math.Min(count, Count);
        if (count == 0)
            return;
        Count -= count;
        if (Count == 0)
            Release();
        else
            start = (start + count) % ring.Length;
    }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="offset"/> (from SND.UNA).</summary>
    public void CopyTo(int offset, Span<byte> destination)
    {
        if (destination.IsEmpty)
            return;
        var from = (start + offset) % ring.Length;
        var first = Math.Min(destination.Length, ring.Length - from);
        ring.AsSpan(from, first).CopyTo(destination);
        ring.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
    }

    /// <summary>Sets the capacity to <paramref name="capacity"/> bytes, which must hold what is queued; the ring itself
    /// only changes when it is larger than the new capacity allows to keep.</summary>
    public void Resize(int capacity)
    {
        if (capacity < Count || capacity <= 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "smaller than the bytes queued");
        Capacity = capacity;
        if (ring.Length > capacity && Count > 0)
            Move(Rent(Count));
    }

    public void Clear()
    {
        Count = 0;
        Release();
    }

    /// <summary>A ring for at least <paramref name="needed"/> bytes: double the current one (amortised O(1) appends),
    /// at least <see cref="MinimumRing"/>, and no more than the capacity.</summary>
    private void Grow(int needed) =>
        Move(Rent(Math.Max(needed, Math.Min(Capacity, Math.Max(MinimumRing, ring.Length * 2)))));

    private static byte[] Rent(int length) => ArrayPool<byte>.Shared.Rent(length);

    /// <summary>Copies the queued bytes to the front of <paramref name="resized"/> and returns the old ring to the pool.</summary>
    private void Move(byte[] resized)
    {
        CopyTo(0, resized.AsSpan(0, Count));
        Return();
        ring = resized;
        start = 0;
    }

    private void Release()
    {
        Return();
        ring = [];
        start = 0;
    }

    private void Return()
    {
        if (ring.Length > 0)
            ArrayPool<byte>.Shared.Return(ring);
    }
}
