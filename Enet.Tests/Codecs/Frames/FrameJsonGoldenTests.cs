using Enet.Codecs;
using Enet.Codecs.Capture;
using Enet.Codecs.Frames;
using Xunit;

namespace Enet.Tests.Codecs.Frames;

/// <summary>
/// Pins `enet decode --json` (README "JSON schema"): one frame of each kind, decoded and printed, must equal the
/// golden file byte for byte. A change to the schema is a change to this file, on purpose:
/// ENET_UPDATE_GOLDEN=1 on this test rewrites it.
/// </summary>
public class FrameJsonGoldenTests
{
    private static string GoldenPath => Path.Combine(TestEnvironment.RepositoryRoot, "Enet.Tests", "Codecs", "Frames", "decode-json.golden.jsonl");

    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:01");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:02");

    private static IEnumerable<byte[]> Frames()
    {
        yield return new Frame
        {
            LinkType = LinkType.Ethernet,
            Ethernet = new EthernetHeader(MacAddress.Broadcast, A, EtherType.Arp, []),
            Arp = ArpMessage.Request(A, IcmpErrorFrames.V4Host, IcmpErrorFrames.V4Peer),
        }.ToArray();
        yield return FrameDecoderTests.UdpFrame("hi"u8.ToArray()).ToArray();
        yield return new Frame
        {
            LinkType = LinkType.Ethernet,
            Ethernet = new EthernetHeader(B, A, EtherType.Ipv4, []),
            Ipv4 = Ipv4Header.Create(IcmpErrorFrames.V4Host, IcmpErrorFrames.V4Peer, IpProtocol.Icmp, identification: 1, dontFragment: true),
            Icmpv4 = Icmpv4Message.EchoRequest(0x77, 1, "ping"u8.ToArray()),
        }.ToArray();
        yield return IcmpErrorFrames.TcpSyn(64).ToArray();
        yield return new Frame
        {
            LinkType = LinkType.Ethernet,
            Ethernet = new EthernetHeader(B, A, EtherType.Ipv6, []),
            Ipv6 = new Ipv6Header(0, 0, null, IpProtocol.Icmpv6, 64, IcmpErrorFrames.V6Host, IcmpErrorFrames.V6Peer),
            Icmpv6 = Icmpv6Message.EchoRequest(0x77, 1, "ping"u8.ToArray()),
        }.ToArray();
        yield return new Frame
        {
            LinkType = LinkType.Ethernet,
            Ethernet = new EthernetHeader(B, A, EtherType.Ipv6, []),
            Ipv6 = new Ipv6Header(0, 0, null, IpProtocol.Icmpv6, 255, IcmpErrorFrames.V6Host, IcmpErrorFrames.V6Peer),
            Icmpv6 = Icmpv6Message.NeighborSolicitation(IcmpErrorFrames.V6Peer, A),
        }.ToArray();
        yield return IcmpErrorFrames.PortUnreachable();
        yield return IcmpErrorFrames.TimeExceeded();
        yield return IcmpErrorFrames.Port6Unreachable();
        yield return IcmpErrorFrames.ShortQuote();
    }

    [Fact]
    public void Decode_json_matches_the_golden_file()
    {
        var lines = Frames().Select((frame, i) => FrameJson.ToJson(FrameDecoder.Decode(frame, LinkType.Ethernet), i + 1, 0));
        var actual = string.Join("\n", lines) + "\n";
        if (Environment.GetEnvironmentVariable("ENET_UPDATE_GOLDEN") == "1")
            File.WriteAllText(GoldenPath, actual);
        Assert.Equal(File.ReadAllText(GoldenPath), actual);
    }
}
