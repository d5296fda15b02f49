using Enet.Codecs.Capture;

namespace Enet.Codecs.Frames;

/// <summary>The codec round-trip test ("crtest") for one frame: decode, re-emit, compare byte for byte.</summary>
public static class FrameRoundTrip
{
    public static RoundTripOutcome Check(ReadOnlySpan<byte> bytes, LinkType linkType, out Frame frame)
    {
        frame = FrameDecoder.Decode(bytes, linkType);
        if (frame.Error is not null)
            return RoundTripOutcome.DecodeError;
        return frame.ToArray().AsSpan().SequenceEqual(bytes) ? RoundTripOutcome.RoundTripped : RoundTripOutcome.Broken;
    }
}
