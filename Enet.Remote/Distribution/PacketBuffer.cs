using System.Buffers;

namespace Enet.Remote.Distribution;

/// <summary>
/// A growable byte buffer that packets are encoded straight into (no per-message array), with
/// <see cref="Truncate"/> so a packet whose encoding failed half-way leaves no bytes behind. Its arrays come
/// from the shared pool, so a buffer growing for a 1 MiB binary allocates nothing on the large object heap.
/// </summary>
internal sealed class PacketBuffer(int initialCapacity) : IBufferWriter<byte>
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Count { get; private set; }

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, Count);

    public Span<byte> WrittenSpan => _buffer.AsSpan(0, Count);

    public void Advance(int count) => Count += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Count);
    }

    public void Truncate(int count) => Count = count;

    /// <summary>Empties the buffer; one that grew for a large message shrinks back so it does not pin memory.</summary>
    public void Reset(int keepCapacity)
    {
        Count = 0;
        if (_buffer.Length > keepCapacity)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(keepCapacity);
        }
    }

    /// <summary>Gives the array back to the pool; the buffer is not used again.</summary>
    public void Release()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        Count = 0;
    }

    private void Ensure(int sizeHint)
    {
        var need = Count + Math.Max(sizeHint, 1);
        if (need <= _buffer.Length)
            return;
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(need, _buffer.Length * 2));
        _buffer.AsSpan(0, Count).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
