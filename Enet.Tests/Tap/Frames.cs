using Enet.Tap;

namespace Enet.Tests.Tap;

/// <summary>Test frames that carry a sequence number, and ways to read what a link received.</summary>
public static class Frames
{
    /// <summary>A 64-byte frame whose first four bytes are <paramref name="sequence"/>.</summary>
    public static byte[] Numbered(int sequence, int length = 64)
    {
        var frame = new byte[length];
        BitConverter.TryWriteBytes(frame, sequence);
        for (var i = 4; i < length; i++)
            frame[i] = (byte)(i + sequence);
        return frame;
    }

    public static int SequenceOf(ReadOnlySpan<byte> frame) => BitConverter.ToInt32(frame);

    /// <summary>Everything queued on the link right now, copied out, buffers returned.</summary>
    public static List<byte[]> Drain(ILink link)
    {
        var frames = new List<byte[]>();
        while (link.Received.TryRead(out var frame))
        {
            frames.Add(frame.Span.ToArray());
            frame.Dispose();
        }
        return frames;
    }
}
