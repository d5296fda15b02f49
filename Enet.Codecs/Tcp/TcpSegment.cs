using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// A TCP segment (RFC 9293 3.1). <see cref="Options"/> are emitted in order, End of Option List included, then
/// <see cref="OptionPadding"/> (the bytes after End of Option List, not always zero in captures), then zeros up to
/// a multiple of 4 bytes; the data offset follows from that. Reserved flag bits are kept in <see cref="Flags"/>.
/// </summary>
public sealed record TcpSegment(ushort SourcePort, ushort DestinationPort, uint SequenceNumber, uint AcknowledgmentNumber,
    TcpFlags Flags, ushort Window, ushort? Checksum, ushort UrgentPointer, ImmutableArray<TcpOption> Options, Bytes Payload)
{
    /// <summary>RFC 9293 3.1: a 4-bit data offset allows 60 bytes of header, so 40 of options.</summary>
    public const int MaximumHeaderLength = 60;

    public Bytes OptionPadding { get; init; }

    public int HeaderLength
    {
        get
        {
            var options = OptionPadding.Length;
            foreach (var option in SequenceEquality.Items(Options))
                options += option.Length;
            return TcpPacket.MinimumHeaderLength + (options + 3) / 4 * 4;
        }
    }

    public int Length => HeaderLength + Payload.Length;

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out TcpSegment? value, out DecodeError error)
    {
        value = null;
        if (!TcpPacket.TryParse(bytes, out var packet, out error))
            return false;
        value = FromPacket(packet);
        return true;
    }

    /// <summary>The representation of a view that has already parsed, so a caller holding the view does not parse twice.</summary>
    public static TcpSegment FromPacket(TcpPacket packet)
    {
        var options = ImmutableArray.CreateBuilder<TcpOption>();
        var reader = packet.ReadOptions();
        while (reader.TryRead(out var option))
            options.Add(TcpOption.Read(option));
        return new TcpSegment(packet.SourcePort, packet.DestinationPort, packet.SequenceNumber, packet.AcknowledgmentNumber,
            packet.Flags, packet.Window, packet.Checksum, packet.UrgentPointer, options.ToImmutable(), Bytes.CopyFrom(packet.Payload))
        {
            OptionPadding = Bytes.CopyFrom(reader.Padding),
        };
    }

    /// <summary>Writes <see cref="Length"/> bytes. <paramref name="pseudoHeaderSum"/> comes from
    /// <see cref="InternetChecksum.PseudoHeader(Ipv4Address, Ipv4Address, IpProtocol, int)"/> (or the IPv6 one) with
    /// <see cref="Length"/>; a null <see cref="Checksum"/> is computed over it (RFC 9293 3.1).</summary>
    public void Emit(Span<byte> destination, uint pseudoHeaderSum)
    {
        var headerLength = HeaderLength;
        if (headerLength > MaximumHeaderLength)
            throw new InvalidOperationException($"TCP options need {headerLength - TcpPacket.MinimumHeaderLength} bytes, at most 40 fit");
        var segment = destination[..Length];
        BinaryPrimitives.WriteUInt16BigEndian(segment, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment[4..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(segment[8..], AcknowledgmentNumber);
        BinaryPrimitives.WriteUInt16BigEndian(segment[12..], (ushort)(headerLength / 4 << 12 | ((ushort)Flags & 0x0FFF)));
        BinaryPrimitives.WriteUInt16BigEndian(segment[14..], Window);
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(segment[18..], UrgentPointer);
        var position = TcpPacket.MinimumHeaderLength;
        foreach (var option in SequenceEquality.Items(Options))
        {
            option.Write(segment[position..]);
            position += option.Length;
        }
        OptionPadding.Span.CopyTo(segment[position..]);
        segment[(position + OptionPadding.Length)..headerLength].Clear();
        Payload.Span.CopyTo(segment[headerLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..],
            Checksum ?? InternetChecksum.Finish(InternetChecksum.Add(pseudoHeaderSum, segment)));
    }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteNumber("sourcePort", SourcePort);
        writer.WriteNumber("destinationPort", DestinationPort);
        writer.WriteNumber("sequenceNumber", SequenceNumber);
        writer.WriteNumber("acknowledgmentNumber", AcknowledgmentNumber);
        writer.WriteStartArray("flags");
        foreach (var flag in Enum.GetValues<TcpFlags>())
            if (flag != TcpFlags.None && Flags.HasFlag(flag))
                writer.WriteStringValue(flag.ToString().ToUpperInvariant());
        writer.WriteEndArray();
        if (((ushort)Flags & 0x0E00) != 0)
            writer.WriteNumber("reservedBits", (ushort)Flags & 0x0E00);
        writer.WriteNumber("window", Window);
        JsonFields.WriteChecksum(writer, Checksum);
        writer.WriteNumber("urgentPointer", UrgentPointer);
        writer.WriteStartArray("options");
        foreach (var option in SequenceEquality.Items(Options))
            option.WriteJson(writer);
        writer.WriteEndArray();
        if (!OptionPadding.IsEmpty)
            writer.WriteString("optionPadding", OptionPadding.ToString());
        writer.WriteString("payload", Payload.ToString());
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"SourcePort = {SourcePort}, DestinationPort = {DestinationPort}, SequenceNumber = {SequenceNumber}, ");
        builder.Append($"AcknowledgmentNumber = {AcknowledgmentNumber}, Flags = {Flags}, Window = {Window}, Checksum = {Checksum}, ");
        builder.Append($"UrgentPointer = {UrgentPointer}, Options = {SequenceEquality.Print(Options)}, OptionPadding = {OptionPadding}, ");
        builder.Append($"Payload = {Payload}");
        return true;
    }

    public bool Equals(TcpSegment? other) =>
        other is not null && SourcePort == other.SourcePort && DestinationPort == other.DestinationPort &&
        SequenceNumber == other.SequenceNumber && AcknowledgmentNumber == other.AcknowledgmentNumber &&
        Flags == other.Flags && Window == other.Window && Checksum == other.Checksum && UrgentPointer == other.UrgentPointer &&
        SequenceEquality.Equal(Options, other.Options) && Payload.Equals(other.Payload) && OptionPadding.Equals(other.OptionPadding);

    public override int GetHashCode() =>
        HashCode.Combine(SourcePort, DestinationPort, SequenceNumber, AcknowledgmentNumber, Flags, Checksum,
            SequenceEquality.Hash(Options), Payload);
}
