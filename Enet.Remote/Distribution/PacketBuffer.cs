using System.Buffers;

namespace Enet.Remote.Distribution;

/// <summary>
/// A growable byte buffer that packets are encoded straight into (no per-message array), with
/// <see cref="Truncate"/> so a packet whose encoding failed half-way leaves no bytes behind.
/// </summary>
internal sealed class PacketBuffer(int initialCapacity) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[initialCapacity];

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
            _buffer = new byte[keepCapacity];
    }

    private void Ensure(int sizeHint)
    {
        var need = Count + Math.Max(sizeHint, 1);
        if (need <= _buffer.Length)
            return;
        var grown = new byte[Math.Max(need, _buffer.Length * 2)];
        _buffer.AsSpan(0, Count).CopyTo(grown);
        _buffer = grown;
    }
}
