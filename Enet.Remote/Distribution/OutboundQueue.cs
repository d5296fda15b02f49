using System.Buffers;
using System.Runtime.InteropServices;
using Enet.Remote.Etf;

namespace Enet.Remote.Distribution;

/// <summary>
/// The bytes a distribution connection has yet to write, as a list of segments for one gathered socket write.
/// Packets are encoded straight into 64 KiB pooled arrays, a new one chained on when one is full (nothing is
/// copied as the queue grows); a large binary is not copied at all but queued as a segment over its own bytes.
/// Not thread-safe: the connection uses it under its send lock.
/// </summary>
internal sealed class OutboundQueue : IBinaryReferenceWriter
{
    public const int SegmentSize = 64 * 1024;

    /// <summary>
    /// Binaries from this size on are written from where they lie. Below it a copy into the fill array is
    /// cheaper than an extra segment (and keeps small messages coalesced into one write).
    /// </summary>
    public const int ByReference = 16 * 1024;

    private readonly List<Segment> _sealed = [];
    private byte[]? _fill;
    private int _fillCount;

    /// <summary>Bytes appended over the queue's life; a packet's length is the difference across its encoding.</summary>
    public long Appended { get; private set; }

    public bool IsEmpty => _sealed.Count == 0 && _fillCount == 0;

    public int ReferenceMinimum => ByReference;

    /// <summary>Where the queue stands, to undo a packet whose encoding failed half-way.</summary>
    public Mark Begin() => new(_sealed.Count, _fill, _fillCount, Appended);

    /// <summary>Drops everything appended since <paramref name="mark"/>.</summary>
    public void Rollback(Mark mark)
    {
        for (var k = _sealed.Count - 1; k >= mark.Sealed; k--)
        {
            var segment = _sealed[k];
            if (segment.Pooled && !ReferenceEquals(segment.Array, mark.Fill))
                ArrayPool<byte>.Shared.Return(segment.Array);
        }
        _sealed.RemoveRange(mark.Sealed, _sealed.Count - mark.Sealed);
        if (_fill is not null && !ReferenceEquals(_fill, mark.Fill))
            ArrayPool<byte>.Shared.Return(_fill);
        _fill = mark.Fill;
        _fillCount = mark.FillCount;
        Appended = mark.Appended;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var need = Math.Max(sizeHint, 1);
        if (_fill is null || _fill.Length - _fillCount < need)
        {
            SealFill();
            _fill = ArrayPool<byte>.Shared.Rent(Math.Max(need, SegmentSize));
        }
        return _fill.AsMemory(_fillCount);
    }

    public void Advance(int count)
    {
        _fillCount += count;
        Appended += count;
    }

    /// <summary>The bytes become a segment of their own when they lie in an array; otherwise they are copied.</summary>
    public void WriteReference(ReadOnlyMemory<byte> bytes)
    {
        if (!MemoryMarshal.TryGetArray(bytes, out var array))
        {
            bytes.Span.CopyTo(GetSpan(bytes.Length));
            Advance(bytes.Length);
            return;
        }
        SealFill();
        _sealed.Add(new Segment(array.Array!, array.Offset, array.Count, Pooled: false));
        Appended += array.Count;
    }

    /// <summary>
    /// Moves up to <paramref name="maxSegments"/> segments, the partly filled array included, to
    /// <paramref name="into"/>; returns how many bytes they hold.
    /// </summary>
    public int TakeInto(List<Segment> into, int maxSegments)
    {
        if (_sealed.Count < maxSegments)
            SealFill();
        var count = Math.Min(_sealed.Count, maxSegments);
        var bytes = 0;
        for (var k = 0; k < count; k++)
        {
            into.Add(_sealed[k]);
            bytes += _sealed[k].Count;
        }
        _sealed.RemoveRange(0, count);
        return bytes;
    }

    /// <summary>
    /// The fill array joins the sealed segments (it goes back to the pool once written). An empty one is let go
    /// without returning it: it may be a rollback mark's array, which must not be in the pool and in use at once.
    /// </summary>
    private void SealFill()
    {
        if (_fill is null)
            return;
        if (_fillCount > 0)
            _sealed.Add(new Segment(_fill, 0, _fillCount, Pooled: true));
        _fill = null;
        _fillCount = 0;
    }

    /// <summary>Bytes to write; a pooled array goes back to the pool after the write.</summary>
    public readonly record struct Segment(byte[] Array, int Offset, int Count, bool Pooled)
    {
        public ArraySegment<byte> Bytes => new(Array, Offset, Count);

        public void Release()
        {
            if (Pooled)
                ArrayPool<byte>.Shared.Return(Array);
        }
    }

    public readonly record struct Mark(int Sealed, byte[]? Fill, int FillCount, long Appended);
}
