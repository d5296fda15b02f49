using System.Collections.Immutable;
using Enet.Codecs;

namespace Enet.Tests.Actors;

/// <summary>IPv6 packets and frames built with the codecs for the IPv6 layer's tests.</summary>
public static class Ipv6TestFrames
{
    public static byte[] Packet(Ipv6Address source, Ipv6Address destination, IpProtocol nextHeader, ReadOnlySpan<byte> payload, byte hopLimit = 64)
    {
        var packet = new byte[Ipv6Packet.HeaderLength + payload.Length];
        new Ipv6Header(0, 0, null, nextHeader, hopLimit, source, destination).Emit(packet, payload.Length);
        payload.CopyTo(packet.AsSpan(Ipv6Packet.HeaderLength));
        return packet;
    }

    /// <summary>A packet whose <paramref name="extensions"/> come before the upper-layer bytes.</summary>
    public static byte[] WithExtensions(Ipv6Address source, Ipv6Address destination, ImmutableArray<Ipv6ExtensionHeader> extensions, ReadOnlySpan<byte> upper)
    {
        var header = new Ipv6Header(0, 0, null, extensions[0].Kind, 64, source, destination, extensions);
        var packet = new byte[header.Length + upper.Length];
        header.Emit(packet, upper.Length);
        upper.CopyTo(packet.AsSpan(header.Length));
        return packet;
    }

    /// <summary>The ICMPv6 message's bytes with its checksum over the pseudo-header of <paramref name="source"/> and <paramref name="destination"/>.</summary>
    public static byte[] IcmpBytes(Ipv6Address source, Ipv6Address destination, Icmpv6Message message)
    {
        var bytes = new byte[message.Length];
        message.Emit(bytes, InternetChecksum.PseudoHeader(source, destination, IpProtocol.Icmpv6, message.Length));
        return bytes;
    }

    public static byte[] Icmp(Ipv6Address source, Ipv6Address destination, Icmpv6Message message, byte hopLimit = 64) =>
        Packet(source, destination, IpProtocol.Icmpv6, IcmpBytes(source, destination, message), hopLimit);

    /// <summary>A neighbour discovery message, hop limit 255 as RFC 4861 requires.</summary>
    public static byte[] Ndp(Ipv6Address source, Ipv6Address destination, Icmpv6Message message) => Icmp(source, destination, message, 255);

    public static byte[] Frame(MacAddress destination, MacAddress source, byte[] packet) =>
        TestFrames.Ethernet(destination, source, EtherType.Ipv6, packet);

    /// <summary>One fragment of <paramref name="payload"/> (the upper layer, <paramref name="nextHeader"/>): bytes
    /// <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="length"/>.</summary>
    public static byte[] Fragment(Ipv6Address source, Ipv6Address destination, IpProtocol nextHeader, uint identification,
        ReadOnlySpan<byte> payload, int offset, int length, bool more)
    {
        var packet = new byte[Ipv6Packet.HeaderLength + Ipv6FragmentHeader.Length + length];
        new Ipv6Header(0, 0, (ushort)(Ipv6FragmentHeader.Length + length), IpProtocol.Ipv6Fragment, 64, source, destination).Emit(packet, length);
        packet[Ipv6Packet.HeaderLength] = (byte)nextHeader;
        new Ipv6FragmentHeader((ushort)(offset / 8), more, identification).WriteAfterNextHeader(packet.AsSpan(Ipv6Packet.HeaderLength + 1));
        payload.Slice(offset, length).CopyTo(packet.AsSpan(Ipv6Packet.HeaderLength + Ipv6FragmentHeader.Length));
        return packet;
    }

    /// <summary>Bytes that say where they came from: byte i is i * 7.</summary>
    public static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];
}
