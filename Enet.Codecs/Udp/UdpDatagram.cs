using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// A UDP datagram (RFC 768). <see cref="LengthField"/> is the wire length (null: computed), named so because
/// <see cref="Length"/> is, as for every representation, the number of bytes <see cref="Emit"/> writes. A decoded
/// truncated datagram keeps its larger length field and the payload bytes that were captured.
/// </summary>
public sealed record UdpDatagram(ushort SourcePort, ushort DestinationPort, ushort? LengthField, ushort? Checksum, Bytes Payload)
{
    public int Length => UdpPacket.HeaderLength + Payload.Length;

    public static UdpDatagram Create(ushort sourcePort, ushort destinationPort, Bytes payload) =>
        new(sourcePort, destinationPort, null, null, payload);

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out UdpDatagram? value, out DecodeError error)
    {
        value = null;
        if (!UdpPacket.TryParse(bytes, out var packet, out error))
            return false;
        value = FromPacket(packet);
        return true;
    }

    /// <summary>The representation of a view that has already parsed, so a caller holding the view does not parse twice.</summary>
    public static UdpDatagram FromPacket(UdpPacket packet)
    {
        return new UdpDatagram(packet.SourcePort, packet.DestinationPort, packet.Length, packet.Checksum, Bytes.CopyFrom(packet.Payload));
    }

    /// <summary>Writes <see cref="Length"/> bytes. <paramref name="pseudoHeaderSum"/> comes from
    /// <see cref="InternetChecksum.PseudoHeader(Ipv4Address, Ipv4Address, IpProtocol, int)"/> (or the IPv6 one)
    /// with the UDP length.</summary>
    public void Emit(Span<byte> destination, uint pseudoHeaderSum)
    {
        var datagram = destination[..Length];
        BinaryPrimitives.WriteUInt16BigEndian(datagram, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[2..], DestinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[4..], LengthField ?? (ushort)Length);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[6..], 0);
        Payload.Span.CopyTo(datagram[UdpPacket.HeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[6..], Checksum ?? ComputeChecksum(datagram, pseudoHeaderSum));
    }

    /// <summary>RFC 768: a computed checksum of zero is sent as all ones, because zero on the wire means "none"
    /// (and is illegal over IPv6, RFC 8200 8.1).</summary>
    private static ushort ComputeChecksum(ReadOnlySpan<byte> datagram, uint pseudoHeaderSum)
    {
        var checksum = InternetChecksum.Finish(InternetChecksum.Add(pseudoHeaderSum, datagram));
        return checksum == 0 ? (ushort)0xFFFF : checksum;
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteNumber("sourcePort", SourcePort);
        writer.WriteNumber("destinationPort", DestinationPort);
        writer.WriteNumber("length", LengthField ?? (ushort)Length);
        JsonFields.WriteChecksum(writer, Checksum);
        writer.WriteString("payload", Payload.ToString());
    }
}
