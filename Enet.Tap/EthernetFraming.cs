using System.Buffers.Binary;
using Enet.Codecs;
using Enet.Codecs.Capture;

namespace Enet.Tap;

/// <summary>
/// Turns a captured packet of any link type Enet can carry into the Ethernet frame an interface reads, so a
/// capture taken on `any`, a tunnel or a loopback replays through the same stack. Link types per
/// tcpdump.org's LINKTYPE_ list: the IP packet is kept byte for byte and given a synthetic Ethernet header.
/// </summary>
public static class EthernetFraming
{
    private const int EthernetHeaderLength = 14;
    private const int LinkTypeLoop = 108;

    /// <summary>The Ethernet form of <paramref name="packet"/> (its own bytes when it is Ethernet already);
    /// false when its link type or link header is not one Enet can carry, and the caller skips it.</summary>
    /// <param name="destination">Destination MAC of a synthetic header.</param>
    public static bool TryToEthernet(CapturedPacket packet, MacAddress destination, MacAddress source, out ReadOnlyMemory<byte> frame)
    {
        frame = packet.Data;
        if (packet.LinkType == LinkType.Ethernet)
            return true;
        var data = packet.Data.Span;
        var (etherType, offset) = Classify(packet.LinkType, data);
        if (etherType is not { } type)
            return false;
        var bytes = new byte[EthernetHeaderLength + data.Length - offset];
        new EthernetHeader(destination, source, type, []).Emit(bytes);
        data[offset..].CopyTo(bytes.AsSpan(EthernetHeaderLength));
        frame = bytes;
        return true;
    }

    private static (EtherType? Type, int Offset) Classify(LinkType linkType, ReadOnlySpan<byte> data) => linkType switch
    {
        LinkType.Raw when data.Length > 0 => (ByVersion(data[0]), 0),
        LinkType.Ipv4 => (EtherType.Ipv4, 0),
        LinkType.Ipv6 => (EtherType.Ipv6, 0),
        // The 4-byte address family: host order for NULL, network order for LOOP (OpenBSD). The IP version
        // nibble after it is the portable answer, since AF_INET6 differs between BSDs (24, 28, 30).
        LinkType.Null or (LinkType)LinkTypeLoop when data.Length > 4 => (ByVersion(data[4]), 4),
        // Linux cooked capture v1: the protocol (an EtherType) is the last two bytes of a 16-byte header.
        LinkType.LinuxSll when data.Length >= 16 => (Carried(BinaryPrimitives.ReadUInt16BigEndian(data[14..])), 16),
        // v2: the protocol is the first field of a 20-byte header.
        LinkType.LinuxSll2 when data.Length >= 20 => (Carried(BinaryPrimitives.ReadUInt16BigEndian(data)), 20),
        _ => (null, 0),
    };

    private static EtherType? ByVersion(byte first) => (first >> 4) switch
    {
        4 => EtherType.Ipv4,
        6 => EtherType.Ipv6,
        _ => null,
    };

    /// <summary>Only protocols an Ethernet frame can carry as they are; the cooked header's 802.2/802.3
    /// pseudo-protocols (values below 0x0600) need a header Enet does not synthesise.</summary>
    private static EtherType? Carried(ushort protocol) => protocol >= 0x0600 ? (EtherType)protocol : null;
}
