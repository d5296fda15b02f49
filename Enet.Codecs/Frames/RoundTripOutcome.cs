namespace Enet.Codecs.Frames;

public enum RoundTripOutcome
{
    /// <summary>Every layer decoded and re-emitting gave the same bytes.</summary>
    RoundTripped,

    /// <summary>Every layer decoded but re-emitting gave different bytes: a codec bug.</summary>
    Broken,

    /// <summary>A layer could not be decoded (malformed or truncated input), so the frame is not judged.</summary>
    DecodeError,
}
