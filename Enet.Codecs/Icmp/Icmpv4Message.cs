using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// An ICMPv4 message (RFC 792). <see cref="RestOfHeader"/> keeps bytes 4..8 exactly as sent, so every type,
/// known or not, round-trips byte for byte; the typed accessors read it the way each type defines it.
/// </summary>
public sealed record Icmpv4Message(Icmpv4Type Type, byte Code, ushort? Checksum, uint RestOfHeader, Bytes Data)
{
    public int Length => Icmpv4Packet.HeaderLength + Data.Length;

    public ushort Identifier => (ushort)(RestOfHeader >> 16);

    public ushort SequenceNumber => (ushort)RestOfHeader;

    /// <summary>RFC 1191 4: the low 16 bits of a "fragmentation needed" (type 3 code 4) message.</summary>
    public ushort NextHopMtu => (ushort)RestOfHeader;

    public Ipv4Address GatewayAddress => new(RestOfHeader);

    /// <summary>RFC 792: the parameter problem pointer is the first of the 4 bytes.</summary>
    public byte PointerByte => (byte)(RestOfHeader >> 24);

    /// <summary>Error messages quote the offending datagram's IP header and at least 8 bytes of its payload
    /// (RFC 792, RFC 1812 4.3.2.3).</summary>
    public bool HasQuotedDatagram => Type is Icmpv4Type.DestinationUnreachable or Icmpv4Type.SourceQuench or
        Icmpv4Type.Redirect or Icmpv4Type.TimeExceeded or Icmpv4Type.ParameterProblem;

    /// <summary>The quoted datagram (the frame layer decodes it as an IPv4 header + 8 bytes); empty for other types.</summary>
    public Bytes QuotedDatagram => HasQuotedDatagram ? Data : Bytes.Empty;

    /// <summary>The quoted datagram decoded, when this is an error and the quote holds a whole IPv4 header.</summary>
    public bool TryGetQuoted([NotNullWhen(true)] out QuotedDatagram? quoted)
    {
        quoted = null;
        return HasQuotedDatagram && Codecs.QuotedDatagram.TryDecode(Data.Span, ipv6: false, out quoted);
    }

    public static Icmpv4Message EchoRequest(ushort identifier, ushort sequenceNumber, Bytes data) =>
        new(Icmpv4Type.EchoRequest, 0, null, (uint)identifier << 16 | sequenceNumber, data);

    public static Icmpv4Message EchoReply(ushort identifier, ushort sequenceNumber, Bytes data) =>
        new(Icmpv4Type.EchoReply, 0, null, (uint)identifier << 16 | sequenceNumber, data);

    /// <summary>RFC 792; <paramref name="nextHopMtu"/> only for code 4 (RFC 1191 4), the other bytes are unused.</summary>
    public static Icmpv4Message DestinationUnreachable(byte code, Bytes quotedDatagram, ushort nextHopMtu = 0) =>
        new(Icmpv4Type.DestinationUnreachable, code, null, nextHopMtu, quotedDatagram);

    public static Icmpv4Message TimeExceeded(byte code, Bytes quotedDatagram) =>
        new(Icmpv4Type.TimeExceeded, code, null, 0, quotedDatagram);

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Icmpv4Message? value, out DecodeError error)
    {
        value = null;
        if (!Icmpv4Packet.TryParse(bytes, out var packet, out error))
            return false;
        value = FromPacket(packet);
        return true;
    }

    /// <summary>The representation of a view that has already parsed, so a caller holding the view does not parse twice.</summary>
    public static Icmpv4Message FromPacket(Icmpv4Packet packet)
    {
        return new Icmpv4Message(packet.Type, packet.Code, packet.Checksum, packet.RestOfHeader, Bytes.CopyFrom(packet.Data));
    }

    /// <summary>Writes <see cref="Length"/> bytes; a null <see cref="Checksum"/> is computed over the whole
    /// message (RFC 792), which is what PacketDotNet forgot (dotpcap/packetnet#140).</summary>
    public void Emit(Span<byte> destination)
    {
        var message = destination[..Length];
        message[0] = (byte)Type;
        message[1] = Code;
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(message[4..], RestOfHeader);
        Data.Span.CopyTo(message[Icmpv4Packet.HeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], Checksum ?? InternetChecksum.Compute(message));
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        JsonFields.WriteEnum(writer, "type", Type);
        writer.WriteNumber("code", Code);
        JsonFields.WriteChecksum(writer, Checksum);
        writer.WriteNumber("restOfHeader", RestOfHeader);
        if (Type is Icmpv4Type.EchoRequest or Icmpv4Type.EchoReply)
        {
            writer.WriteNumber("identifier", Identifier);
            writer.WriteNumber("sequenceNumber", SequenceNumber);
        }
        writer.WriteString("data", Data.ToString());
        if (TryGetQuoted(out var quoted))
        {
            writer.WriteStartObject("quoted");
            quoted.WriteJson(writer);
            writer.WriteEndObject();
        }
    }
}
