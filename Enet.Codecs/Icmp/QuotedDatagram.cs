using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// The datagram an ICMP or ICMPv6 error quotes: its IP header (RFC 792, RFC 1812 4.3.2.3; RFC 4443 2.4(c)) and
/// the first 8 bytes of what followed it, which hold the ports of UDP and TCP, TCP's sequence number and an
/// ICMP echo's identifier and sequence number. Read only for display: the error's own bytes stay as sent.
/// </summary>
public sealed record QuotedDatagram(Ipv4Header? Ipv4, Ipv6Header? Ipv6, Bytes Transport)
{
    /// <summary>What the quote must hold of the transport header to be decoded (RFC 792: 64 bits).</summary>
    public const int TransportLength = 8;

    public IpProtocol Protocol => Ipv4?.Protocol ?? Ipv6!.UpperLayerProtocol;

    public string Destination => Ipv4?.Destination.ToString() ?? Ipv6!.Destination.ToString();

    /// <summary>True when the 8 transport bytes are there and start a header (not a later fragment).</summary>
    public bool HasTransportHeader =>
        Transport.Length >= TransportLength && Ipv4 is not { FragmentOffset: not 0 } && Ipv6 is not { IsNonFirstFragment: true };

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Transport.Span);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Transport.Span[2..]);

    /// <summary>Reads a quote, or says there is none: an IP header of the expected version that does not fit,
    /// or any other damage, leaves the error's data raw.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> quote, bool ipv6, [NotNullWhen(true)] out QuotedDatagram? value)
    {
        value = null;
        if (ipv6)
        {
            if (!Ipv6Header.TryDecode(quote, out var header, out _))
                return false;
            value = new QuotedDatagram(null, header, Bytes.CopyFrom(TransportBytes(quote, header.Length)));
        }
        else
        {
            if (!Ipv4Header.TryDecode(quote, out var header, out _))
                return false;
            value = new QuotedDatagram(header, null, Bytes.CopyFrom(TransportBytes(quote, header.Length)));
        }
        return true;
    }

    private static ReadOnlySpan<byte> TransportBytes(ReadOnlySpan<byte> quote, int headerLength) =>
        quote[headerLength..][..Math.Min(TransportLength, quote.Length - headerLength)];

    /// <summary>The IP header as the frame's own layer prints it, then the transport fields the quote holds.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject(Ipv4 is not null ? "ipv4" : "ipv6");
        Ipv4?.WriteJson(writer);
        Ipv6?.WriteJson(writer);
        writer.WriteEndObject();
        if (!HasTransportHeader)
        {
            JsonFields.WriteHex(writer, "transport", Transport);
            return;
        }
        var bytes = Transport.Span;
        switch (Protocol)
        {
            case IpProtocol.Udp:
                writer.WriteStartObject("udp");
                WritePorts(writer);
                writer.WriteNumber("length", BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]));
                writer.WriteNumber("checksum", BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]));
                break;
            case IpProtocol.Tcp:
                writer.WriteStartObject("tcp");
                WritePorts(writer);
                writer.WriteNumber("sequenceNumber", BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]));
                break;
            case IpProtocol.Icmp:
                writer.WriteStartObject("icmpv4");
                JsonFields.WriteEnum(writer, "type", (Icmpv4Type)bytes[0]);
                WriteIcmpRest(writer, bytes);
                break;
            case IpProtocol.Icmpv6:
                writer.WriteStartObject("icmpv6");
                JsonFields.WriteEnum(writer, "type", (Icmpv6Type)bytes[0]);
                WriteIcmpRest(writer, bytes);
                break;
            default:
                JsonFields.WriteHex(writer, "transport", Transport);
                return;
        }
        writer.WriteEndObject();
    }

    private void WritePorts(Utf8JsonWriter writer)
    {
        writer.WriteNumber("sourcePort", SourcePort);
        writer.WriteNumber("destinationPort", DestinationPort);
    }

    /// <summary>RFC 792 / RFC 4443 4.1: code, checksum, then an echo's identifier and sequence number.</summary>
    private static void WriteIcmpRest(Utf8JsonWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.WriteNumber("code", bytes[1]);
        writer.WriteNumber("checksum", BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]));
        writer.WriteNumber("identifier", BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]));
        writer.WriteNumber("sequenceNumber", BinaryPrimitives.ReadUInt16BigEndian(bytes[6..]));
    }
}
