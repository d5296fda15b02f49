namespace Enet.Tap;

/// <summary>Sees a frame crossing a <see cref="CaptureLink"/>; the span is valid only during the call.</summary>
public delegate void FrameSink(LinkDirection direction, long timestampNanoseconds, ReadOnlySpan<byte> frame);
