using Enet.Codecs.Capture;
using Enet.Codecs.Frames;

namespace Enet.Fuzz.Targets;

/// <summary>
/// The whole-frame decoder, Ethernet and every layer below it, as the dumper and crtest use it live: decoding
/// never throws, the frame prints as a line and as JSON, and a frame always emits the input exactly (a layer
/// that failed keeps its bytes raw, FrameDecoder's promise), so crtest's Broken never happens.
/// </summary>
public static class FrameTargets
{
    public static FuzzTarget Ethernet { get; } = new("frame", bytes => Check(bytes, LinkType.Ethernet), seeds => seeds.EthernetFrames);

    /// <summary>Raw IP (link type 101): the IPv4 and IPv6 decoders without an Ethernet header in front.</summary>
    public static FuzzTarget RawIp { get; } = new("ip", bytes => Check(bytes, LinkType.Raw),
        seeds => seeds.AfterEthernet(f => f.Ipv4 is not null || f.Ipv6 is not null));

    private static void Check(ReadOnlySpan<byte> bytes, LinkType linkType)
    {
        var outcome = FrameRoundTrip.Check(bytes, linkType, out var frame);
        ContractViolation.Require(outcome != RoundTripOutcome.Broken, $"{linkType} frame decoded but re-emits different bytes");
        ContractViolation.RequireSame(bytes, frame.ToArray(), $"{linkType} frame with error {frame.Error}");
        _ = FrameSummary.Format(frame);
        _ = FrameJson.ToJson(frame, 1, 0);
        _ = frame.ToString();
    }
}
