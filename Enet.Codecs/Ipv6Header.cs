using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// An IPv6 header (RFC 8200 3) with its extension headers (RFC 8200 4), in order. Header only: the caller
/// places the upper-layer bytes. <see cref="PayloadLength"/> is null to be computed on emission.
/// </summary>
public sealed record Ipv6Header(
    byte TrafficClass,
    uint FlowLabel,
    ushort? PayloadLength,
    IpProtocol NextHeader,
    byte HopLimit,
    Ipv6Address Source,
    Ipv6Address Destination,
    ImmutableArray<Ipv6ExtensionHeader> ExtensionHeaders = default)
{
    public uint FlowLabel { get; init => field = CheckFlowLabel(value); } = CheckFlowLabel(FlowLabel);

    /// <summary>Never default: a default array reads as empty.</summary>
    public ImmutableArray<Ipv6ExtensionHeader> ExtensionHeaders { get => field.IsDefault ? [] : field; init; } = ExtensionHeaders;

    public int Length => Ipv6Packet.HeaderLength + ExtensionHeadersLength;

    public int ExtensionHeadersLength
    {
        get
        {
            var length = 0;
            foreach (var header in ExtensionHeaders)
                length += header.Length;
            return length;
        }
    }

    /// <summary>The next header after the last extension header.</summary>
    public IpProtocol UpperLayerProtocol => ExtensionHeaders.IsEmpty ? NextHeader : ExtensionHeaders[^1].NextHeader;

    /// <summary>The destination the upper-layer checksum covers: with a routing header, the final
    /// destination, not the next hop in the Destination field (RFC 8200 8.1).</summary>
    public Ipv6Address PseudoHeaderDestination
    {
        get
        {
            // A loop, not LINQ: emission runs per packet and must not allocate.
            for (var i = ExtensionHeaders.Length - 1; i >= 0; i--)
                if (ExtensionHeaders[i].FinalDestination is { } final)
                    return final;
            return Destination;
        }
    }

    public Ipv6FragmentHeader? Fragment =>
        ExtensionHeaders.FirstOrDefault(header => header.Kind == IpProtocol.Ipv6Fragment)?.Fragment;

    /// <summary>What follows the headers is fragment data, not an upper-layer header (RFC 8200 4.5).</summary>
    public bool IsNonFirstFragment => Fragment is { Offset: not 0 };

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Ipv6Header? value, out DecodeError error)
    {
        value = null;
        if (!Ipv6Packet.TryParse(bytes, out var packet, out error))
            return false;
        value = FromPacket(packet);
        return true;
    }

    /// <summary>The representation of a view that has already parsed, so a caller holding the view does not parse twice.</summary>
    public static Ipv6Header FromPacket(Ipv6Packet packet)
    {
        var extensions = ImmutableArray.CreateBuilder<Ipv6ExtensionHeader>(packet.ExtensionHeaderCount);
        var reader = packet.ExtensionHeaders;
        while (reader.MoveNext())
            extensions.Add(new Ipv6ExtensionHeader(reader.Kind, reader.NextHeader, Bytes.CopyFrom(reader.Header[1..])));
        return new Ipv6Header(packet.TrafficClass, packet.FlowLabel, packet.PayloadLength, packet.NextHeader,
            packet.HopLimit, packet.Source, packet.Destination, extensions.MoveToImmutable());
    }

    /// <summary>Writes the fixed header and the extension headers. When <see cref="PayloadLength"/> is null it
    /// is computed as extension headers plus <paramref name="upperLayerLength"/> (RFC 8200 3).</summary>
    public void Emit(Span<byte> destination, int upperLayerLength)
    {
        var header = destination[..Length];
        // Jumbograms (RFC 2675) carry a zero payload length and a hop-by-hop option; they are built explicitly.
        var payloadLength = PayloadLength ?? (upperLayerLength >= 0 && upperLayerLength <= ushort.MaxValue - ExtensionHeadersLength
            ? (ushort)(ExtensionHeadersLength + upperLayerLength)
            : throw new ArgumentOutOfRangeException(nameof(upperLayerLength), upperLayerLength, "the payload would exceed 65535 bytes"));
        BinaryPrimitives.WriteUInt32BigEndian(header, 6u << 28 | (uint)TrafficClass << 20 | FlowLabel);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], payloadLength);
        header[6] = (byte)NextHeader;
        header[7] = HopLimit;
        Source.Write(header[8..]);
        Destination.Write(header[24..]);
        var offset = Ipv6Packet.HeaderLength;
        foreach (var extension in ExtensionHeaders)
        {
            extension.Emit(header[offset..]);
            offset += extension.Length;
        }
    }

    /// <summary>One tcpdump-like line: the extension chain in order, then the upper layer.</summary>
    public override string ToString() =>
        $"IP6 {Source} > {Destination}: {string.Concat(ExtensionHeaders.Select(header => header.Kind + " "))}{UpperLayerProtocol} hlim {HopLimit}" +
        (PayloadLength is { } length ? $" payload length {length}" : "") + (FlowLabel != 0 ? $" flowlabel 0x{FlowLabel:x5}" : "");

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteNumber("trafficClass", TrafficClass);
        writer.WriteNumber("flowLabel", FlowLabel);
        if (PayloadLength is { } payloadLength)
            writer.WriteNumber("payloadLength", payloadLength);
        else
            writer.WriteNull("payloadLength");
        JsonFields.WriteEnum(writer, "nextHeader", NextHeader);
        writer.WriteNumber("hopLimit", HopLimit);
        writer.WriteString("source", Source.ToString());
        writer.WriteString("destination", Destination.ToString());
        writer.WriteStartArray("extensionHeaders");
        foreach (var extension in ExtensionHeaders)
        {
            writer.WriteStartObject();
            extension.WriteJson(writer);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        JsonFields.WriteEnum(writer, "upperLayerProtocol", UpperLayerProtocol);
    }

    /// <summary>Extension headers compare by content, not by array identity.</summary>
    public bool Equals(Ipv6Header? other) =>
        other is not null && TrafficClass == other.TrafficClass && FlowLabel == other.FlowLabel &&
        PayloadLength == other.PayloadLength && NextHeader == other.NextHeader && HopLimit == other.HopLimit &&
        Source == other.Source && Destination == other.Destination &&
        SequenceEquality.Equal(ExtensionHeaders, other.ExtensionHeaders);

    public override int GetHashCode() => HashCode.Combine(TrafficClass, FlowLabel, PayloadLength, NextHeader, HopLimit,
        Source, Destination, SequenceEquality.Hash(ExtensionHeaders));

    private static uint CheckFlowLabel(uint value) =>
        value <= 0xF_FFFF ? value : throw new ArgumentOutOfRangeException(nameof(FlowLabel), value, "flow label is 20 bits");
}
