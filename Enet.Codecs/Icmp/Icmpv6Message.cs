using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// An ICMPv6 message (RFC 4443 2.1). <see cref="RestOfHeader"/> and <see cref="Body"/> keep every byte after the
/// checksum as sent, so any type round-trips exactly; <see cref="TryGetNdp"/> reads the ND types (RFC 4861).
/// </summary>
public sealed record Icmpv6Message(Icmpv6Type Type, byte Code, ushort? Checksum, uint RestOfHeader, Bytes Body)
{
    public int Length => Icmpv6Packet.HeaderLength + Body.Length;

    public ushort Identifier => (ushort)(RestOfHeader >> 16);

    public ushort SequenceNumber => (ushort)RestOfHeader;

    /// <summary>RFC 4443 3.2: the MTU of a packet too big message.</summary>
    public uint Mtu => RestOfHeader;

    /// <summary>RFC 4443 3.4: the octet offset a parameter problem points at.</summary>
    public uint Pointer => RestOfHeader;

    /// <summary>RFC 4443 2.1: types below 128 are errors, and each quotes as much of the offending packet as fits.</summary>
    public bool HasQuotedDatagram => (byte)Type < 128;

    /// <summary>The quoted packet decoded, when this is an error and the quote holds a whole IPv6 header.</summary>
    public bool TryGetQuoted([NotNullWhen(true)] out QuotedDatagram? quoted)
    {
        quoted = null;
        return HasQuotedDatagram && QuotedDatagram.TryDecode(Body.Span, ipv6: true, out quoted);
    }

    public static Icmpv6Message EchoRequest(ushort identifier, ushort sequenceNumber, Bytes data) =>
        new(Icmpv6Type.EchoRequest, 0, null, (uint)identifier << 16 | sequenceNumber, data);

    public static Icmpv6Message EchoReply(ushort identifier, ushort sequenceNumber, Bytes data) =>
        new(Icmpv6Type.EchoReply, 0, null, (uint)identifier << 16 | sequenceNumber, data);

    /// <summary>RFC 4861 4.3/7.2.2: the source link-layer address is left out when the source is unspecified (DAD).</summary>
    public static Icmpv6Message NeighborSolicitation(Ipv6Address target, MacAddress? sourceMac = null) =>
        FromNdp(new NdpMessage.NeighborSolicitation(0, target,
            sourceMac is { } mac ? [new NdpOption.SourceLinkLayerAddress(mac)] : []));

    public static Icmpv6Message NeighborAdvertisement(Ipv6Address target, NeighborAdvertisementFlags flags, MacAddress? targetMac = null) =>
        FromNdp(new NdpMessage.NeighborAdvertisement(flags, target,
            targetMac is { } mac ? [new NdpOption.TargetLinkLayerAddress(mac)] : []));

    public static Icmpv6Message RouterSolicitation(MacAddress? sourceMac = null) =>
        FromNdp(new NdpMessage.RouterSolicitation(0, sourceMac is { } mac ? [new NdpOption.SourceLinkLayerAddress(mac)] : []));

    /// <summary>RFC 4861 6.1.1/7.1.1: ND messages have code 0.</summary>
    public static Icmpv6Message FromNdp(NdpMessage ndp)
    {
        var body = new byte[ndp.BodyLength];
        ndp.WriteBody(body);
        return new Icmpv6Message(ndp.Type, 0, null, ndp.RestOfHeader, body);
    }

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Icmpv6Message? value, out DecodeError error)
    {
        value = null;
        if (!Icmpv6Packet.TryParse(bytes, out var packet, out error))
            return false;
        value = FromPacket(packet);
        return true;
    }

    /// <summary>The representation of a view that has already parsed, so a caller holding the view does not parse twice.</summary>
    public static Icmpv6Message FromPacket(Icmpv6Packet packet)
    {
        return new Icmpv6Message(packet.Type, packet.Code, packet.Checksum, packet.RestOfHeader, Bytes.CopyFrom(packet.Body));
    }

    /// <summary>The ND message this is, or why not: not an ND type, or a body that breaks RFC 4861 4.6.
    /// Error offsets are relative to the ICMPv6 message.</summary>
    public bool TryGetNdp([NotNullWhen(true)] out NdpMessage? ndp, out DecodeError error)
    {
        ndp = null;
        var fixedLength = Icmpv6Packet.NdpFixedBodyLength(Type);
        if (fixedLength < 0)
        {
            error = new DecodeError(Layer.Icmpv6, 0, $"type {Type} is not a neighbor discovery message");
            return false;
        }
        if (Body.Length < fixedLength)
        {
            error = DecodeError.Truncated(Layer.Icmpv6, 0, Icmpv6Packet.HeaderLength + fixedLength, Length);
            return false;
        }
        if (!NdpOptionWalk.Validate(Body.Span[fixedLength..], Icmpv6Packet.HeaderLength + fixedLength, out error))
            return false;
        ndp = NdpMessage.Read(Type, RestOfHeader, Body.Span);
        return true;
    }

    /// <summary>Writes <see cref="Length"/> bytes. A null <see cref="Checksum"/> is computed over the IPv6
    /// pseudo-header (RFC 4443 2.3, RFC 8200 8.1), the part PacketDotNet gets wrong (dotpcap/packetnet#204):
    /// <paramref name="pseudoHeaderSum"/> comes from <see cref="InternetChecksum.PseudoHeader(Ipv6Address, Ipv6Address, IpProtocol, int)"/>
    /// with <see cref="Length"/>.</summary>
    public void Emit(Span<byte> destination, uint pseudoHeaderSum)
    {
        var message = destination[..Length];
        message[0] = (byte)Type;
        message[1] = Code;
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(message[4..], RestOfHeader);
        Body.Span.CopyTo(message[Icmpv6Packet.HeaderLength..]);
        var checksum = Checksum ?? InternetChecksum.Finish(InternetChecksum.Add(pseudoHeaderSum, message));
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], checksum);
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        JsonFields.WriteEnum(writer, "type", Type);
        writer.WriteNumber("code", Code);
        JsonFields.WriteChecksum(writer, Checksum);
        writer.WriteNumber("restOfHeader", RestOfHeader);
        if (Type is Icmpv6Type.EchoRequest or Icmpv6Type.EchoReply)
        {
            writer.WriteNumber("identifier", Identifier);
            writer.WriteNumber("sequenceNumber", SequenceNumber);
        }
        writer.WriteString("body", Body.ToString());
        if (TryGetQuoted(out var quoted))
        {
            writer.WriteStartObject("quoted");
            quoted.WriteJson(writer);
            writer.WriteEndObject();
        }
        if (TryGetNdp(out var ndp, out _))
        {
            writer.WriteStartObject("ndp");
            ndp.WriteJson(writer);
            writer.WriteEndObject();
        }
    }
}
