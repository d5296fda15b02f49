using System.Buffers.Binary;

namespace Enet.Tap.Remote;

/// <summary>
/// Frames of a remote link on their way to a peer node, packed into one byte array as
/// <c>[length: u16 big-endian][frame]...</c>: <see cref="FrameBatchSerializer"/> puts the array on the wire as it is.
/// </summary>
public sealed class FrameBatch(byte[] data)
{
    /// <summary>The largest frame a batch carries (its length field is 16 bits).</summary>
    public const int MaxFrameLength = ushort.MaxValue;

    public byte[] Data { get; } = data;

    /// <summary>Bytes a frame takes in a batch.</summary>
    public static int PackedLength(int frameLength) => 2 + frameLength;

    /// <summary>Appends one frame (at most <see cref="MaxFrameLength"/> bytes) to a batch being built.</summary>
    public static void Append(System.Buffers.IBufferWriter<byte> batch, ReadOnlySpan<byte> frame)
    {
        var span = batch.GetSpan(PackedLength(frame.Length));
        BinaryPrimitives.WriteUInt16BigEndian(span, checked((ushort)frame.Length));
        frame.CopyTo(span[2..]);
        batch.Advance(PackedLength(frame.Length));
    }

    /// <summary>Calls <paramref name="frame"/> for each frame; false when the batch is malformed (a length past its
    /// end), in which case the frames before the damage have been handed over and the rest is ignored.</summary>
    public bool ForEach<TState>(TState state, FrameAction<TState> frame)
    {
        var rest = Data.AsSpan();
        while (rest.Length > 0)
        {
            if (rest.Length < 2)
                return false;
            var length = BinaryPrimitives.ReadUInt16BigEndian(rest);
            if (rest.Length < 2 + length)
                return false;
            frame(state, rest.Slice(2, length));
            rest = rest[(2 + length)..];
        }
        return true;
    }

    /// <summary>Receives one frame of a batch; the span is valid only during the call.</summary>
    public delegate void FrameAction<in TState>(TState state, ReadOnlySpan<byte> frame);
}
