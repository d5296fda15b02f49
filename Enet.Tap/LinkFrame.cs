using Enet.Actors.Interface;

namespace Enet.Tap;

/// <summary>
/// One received frame in a buffer rented from <see cref="FrameBuffers"/>, with the time it arrived.
/// </summary>
/// <remarks>
/// Whoever holds a frame owns its buffer and gives it back with <see cref="Dispose"/>, exactly once: this
/// is a struct, so copies share one buffer, and disposing two copies returns the buffer twice, which
/// corrupts the pool. After disposing, do not touch <see cref="Span"/> again. A frame that is never
/// disposed only costs the pool a buffer (the garbage collector reclaims it).
/// </remarks>
public readonly struct LinkFrame : IDisposable
{
    private readonly byte[]? buffer;

    internal LinkFrame(byte[] buffer, int length, long timestampNanoseconds, bool checksumVerified = false)
    {
        this.buffer = buffer;
        Length = length;
        TimestampNanoseconds = timestampNanoseconds;
        ChecksumVerified = checksumVerified;
    }

    /// <summary>Copies <paramref name="data"/> into a pooled buffer.</summary>
    public static LinkFrame Copy(ReadOnlySpan<byte> data, long timestampNanoseconds, bool checksumVerified = false)
    {
        var rented = FrameBuffers.Rent(data.Length);
        data.CopyTo(rented);
        return new LinkFrame(rented, data.Length, timestampNanoseconds, checksumVerified);
    }

    public int Length { get; }

    /// <summary>Nanoseconds since the Unix epoch, the resolution pcapng's if_tsresol=9 keeps.</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>The link vouches for the transport checksum: it computed it itself (a TAP's offloaded checksum, which the
    /// kernel left to the device) or the kernel says it checked it, so the stack need not sum the segment again.</summary>
    public bool ChecksumVerified { get; }

    public ReadOnlySpan<byte> Span => buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    /// <summary>The pooled array itself, for handing the frame on without boxing it (<see cref="FrameBuffers.Return"/>).</summary>
    internal byte[] Buffer => buffer ?? throw new InvalidOperationException("a default LinkFrame has no buffer");

    /// <summary>The owner may change its bytes in place (a fault injector flipping a bit, a stack rewriting a header).</summary>
    internal Span<byte> Writable => buffer.AsSpan(0, Length);

    public void Dispose()
    {
        if (buffer is not null)
            FrameBuffers.Return(buffer);
    }
}
