using System.Buffers;
using System.Numerics;

namespace Enet.Actors.Interface;

/// <summary>
/// Where the stack's frame buffers come from and go back to: a segment being built for sending, a frame read off a
/// link. <see cref="ArrayPool{T}.Shared"/> keeps 32 arrays per size per core, fewer than a window of segments in flight
/// between a connection and the link, so a bulk transfer allocated a fresh 2 kB array for most of its frames
/// (profiled with dotnet-trace's gc-verbose); this pool keeps up to <see cref="ArraysPerSize"/> per size for frames up
/// to a jumbo's, and larger buffers (a TAP's 64 kB super-frames) go to the shared pool as before.
/// </summary>
public static class FrameBuffers
{
    /// <summary>The largest buffer kept here: a 9000-byte jumbo frame's power of two.</summary>
    public const int MaxLength = 16 * 1024;

    /// <summary>At most this many idle buffers of one size are kept: 2 MB of 2 kB frames, returned or not.</summary>
    public const int ArraysPerSize = 1024;

    private static readonly ArrayPool<byte> Frames = ArrayPool<byte>.Create(MaxLength, ArraysPerSize);

    /// <summary>A buffer of at least <paramref name="length"/> bytes, not cleared.</summary>
    public static byte[] Rent(int length) => length <= MaxLength ? Frames.Rent(length) : ArrayPool<byte>.Shared.Rent(length);

    /// <summary>Gives back a buffer from <see cref="Rent"/> (or from <see cref="ArrayPool{T}.Shared"/>): by its length,
    /// to the pool that hands out that size. Once only, and only when nobody reads it any more.</summary>
    public static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxLength && BitOperations.IsPow2(buffer.Length) && buffer.Length >= 16)
            Frames.Return(buffer);
        else
            ArrayPool<byte>.Shared.Return(buffer);
    }
}
