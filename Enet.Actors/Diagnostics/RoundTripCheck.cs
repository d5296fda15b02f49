using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Actors.Diagnostics;

/// <summary>How <see cref="CrTest"/> judges a frame; <see cref="FrameRoundTrip.Check"/> unless a test says otherwise.</summary>
public delegate RoundTripOutcome RoundTripCheck(ReadOnlySpan<byte> bytes, LinkType linkType, out Frame frame);
