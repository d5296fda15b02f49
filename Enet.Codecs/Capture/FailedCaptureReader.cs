namespace Enet.Codecs.Capture;

/// <summary>What <see cref="CaptureFile.Open(Stream)"/> returns for a stream that is no capture file:
/// its first read reports why.</summary>
internal sealed class FailedCaptureReader(CaptureInput input, DecodeError reason) : ICaptureReader
{
    public bool TryReadNext(out CapturedPacket packet, out DecodeError? error)
    {
        packet = default;
        error = reason;
        return false;
    }

    public void Dispose() => input.Dispose();
}
