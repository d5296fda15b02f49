namespace Enet.Actors.Interface;

/// <summary>A frame being sent, in a buffer rented from <see cref="FrameBuffers"/> and returned on dispose.</summary>
internal sealed class PooledFrame : IDisposable
{
    private byte[]? buffer;

    public PooledFrame(int length)
    {
        buffer = FrameBuffers.Rent(length);
        Length = length;
    }

    public int Length { get; }

    public Span<byte> Span => buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref buffer, null) is { } rented)
            FrameBuffers.Return(rented);
    }
}
