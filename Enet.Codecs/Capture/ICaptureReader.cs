namespace Enet.Codecs.Capture;

/// <summary>Reads the packets of a capture file one at a time.</summary>
public interface ICaptureReader : IDisposable
{
    /// <summary>
    /// Reads the next packet. Returns false at the clean end of the file (<paramref name="error"/> null)
    /// or when the file is malformed (<paramref name="error"/> set, its offset a byte offset in the file);
    /// after either, every further call returns false with the same error.
    /// </summary>
    /// <remarks>Malformed bytes never throw; an <see cref="IOException"/> from the stream itself may.</remarks>
    bool TryReadNext(out CapturedPacket packet, out DecodeError? error);
}
