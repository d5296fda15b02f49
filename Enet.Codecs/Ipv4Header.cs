using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>
/// An IPv4 header (RFC 791 3.1). Header only: the caller places the payload. <see cref="TotalLength"/> and
/// <see cref="Checksum"/> are null to be computed on emission; decoded headers carry the wire values so a
/// wrong checksum or a TSO-style total length is re-emitted as it was received.
/// </summary>
public sealed record Ipv4Header(
    byte Dscp,
    byte Ecn,
    ushort? TotalLength,
    ushort Identification,
    bool ReservedFlag,
    bool DontFragment,
    bool MoreFragments,
    ushort FragmentOffset,
    byte Ttl,
    IpProtocol Protocol,
    ushort? Checksum,
    Ipv4Address Source,
    Ipv4Address Destination,
    Bytes Options)
{
    /// <summary>IHL is four bits, so a header is at most 60 bytes and options at most 40 (RFC 791 3.1).</summary>
    public const int MaxOptionsLength = 40;

    public byte Dscp { get; init => field = CheckDscp(value); } = CheckDscp(Dscp);

    public byte Ecn { get; init => field = CheckEcn(value); } = CheckEcn(Ecn);

    /// <summary>In 8-byte units, as on the wire: 13 bits.</summary>
    public ushort FragmentOffset { get; init => field = CheckFragmentOffset(value); } = CheckFragmentOffset(FragmentOffset);

    /// <summary>Options byte for byte, padding included: the header length is counted in 32-bit words.</summary>
    public Bytes Options { get; init => field = CheckOptions(value); } = CheckOptions(Options);

    public int Length => Ipv4Packet.MinHeaderLength + Options.Length;

    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    /// <summary>A header for a fresh datagram: no options, lengths and checksum computed on emission.</summary>
    public static Ipv4Header Create(Ipv4Address source, Ipv4Address destination, IpProtocol protocol, byte ttl = 64,
        ushort identification = 0, bool dontFragment = false, byte dscp = 0, byte ecn = 0) =>
        new(dscp, ecn, null, identification, false, dontFragment, false, 0, ttl, protocol, null, source, destination, Bytes.Empty);

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out Ipv4Header? value, out DecodeError error)
    {
        value = null;
        if (!Ipv4Packet.TryParse(bytes, out var packet, out error))
            return false;
        value = FromPacket(packet);
        return true;
    }

    /// <summary>The representation of a view that has already parsed, so a caller holding the view does not parse twice.</summary>
    public static Ipv4Header FromPacket(Ipv4Packet packet)
    {
        return new Ipv4Header(packet.Dscp, packet.Ecn, packet.TotalLength, packet.Identification, packet.ReservedFlag,
            packet.DontFragment, packet.MoreFragments, packet.FragmentOffset, packet.Ttl, packet.Protocol, packet.Checksum,
            packet.Source, packet.Destination, Bytes.CopyFrom(packet.Options));
    }

    /// <summary>Writes the header; <paramref name="payloadLength"/> only matters when <see cref="TotalLength"/> is null.</summary>
    public void Emit(Span<byte> destination, int payloadLength)
    {
        var totalLength = TotalLength ?? (payloadLength >= 0 && payloadLength <= ushort.MaxValue - Length
            ? (ushort)(Length + payloadLength)
            : throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, "the datagram would exceed 65535 bytes"));
        var header = destination[..Length];
        header[0] = (byte)(0x40 | Length / 4);
        header[1] = (byte)(Dscp << 2 | Ecn);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], totalLength);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], Identification);
        var flags = (ReservedFlag ? 0x8000 : 0) | (DontFragment ? 0x4000 : 0) | (MoreFragments ? 0x2000 : 0);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)(flags | FragmentOffset));
        header[8] = Ttl;
        header[9] = (byte)Protocol;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 0);
        Source.Write(header[12..]);
        Destination.Write(header[16..]);
        Options.Span.CopyTo(header[20..]);
        // RFC 791 3.1: the checksum is computed with the checksum field itself zero.
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], Checksum ?? InternetChecksum.Compute(header));
    }

    /// <summary>The header <see cref="Create"/> and <see cref="Emit"/> would write, without making the record: for a
    /// sender that writes one per segment. <paramref name="tos"/> is RFC 791's type of service byte (DSCP and ECN).</summary>
    public static void Write(Span<byte> destination, Ipv4Address source, Ipv4Address target, IpProtocol protocol, byte ttl,
        ushort identification, bool dontFragment, byte tos, int payloadLength)
    {
        var header = destination[..Ipv4Packet.MinHeaderLength];
        header[0] = 0x45;
        header[1] = tos;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], checked((ushort)(Ipv4Packet.MinHeaderLength + payloadLength)));
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], identification);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], (ushort)(dontFragment ? 0x4000 : 0));
        header[8] = ttl;
        header[9] = (byte)protocol;
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], 0);
        source.Write(header[12..]);
        target.Write(header[16..]);
        // RFC 791 3.1: the checksum is computed with the checksum field itself zero.
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Compute(header));
    }

    /// <summary>One tcpdump-like line.</summary>
    public override string ToString() =>
        $"IP {Source} > {Destination}: {Protocol} ttl {Ttl} id {Identification}" +
        (DontFragment ? " DF" : "") + (MoreFragments ? " MF" : "") + (FragmentOffset != 0 ? $" offset {FragmentOffset * 8}" : "") +
        (TotalLength is { } length ? $" length {length}" : "") + (Options.IsEmpty ? "" : $" options {Options}");

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteNumber("dscp", Dscp);
        writer.WriteNumber("ecn", Ecn);
        if (TotalLength is { } totalLength)
            writer.WriteNumber("totalLength", totalLength);
        else
            writer.WriteNull("totalLength");
        writer.WriteNumber("identification", Identification);
        writer.WriteStartArray("flags");
        if (ReservedFlag)
            writer.WriteStringValue("Reserved");
        if (DontFragment)
            writer.WriteStringValue("DontFragment");
        if (MoreFragments)
            writer.WriteStringValue("MoreFragments");
        writer.WriteEndArray();
        writer.WriteNumber("fragmentOffset", FragmentOffset);
        writer.WriteNumber("ttl", Ttl);
        JsonFields.WriteEnum(writer, "protocol", Protocol);
        JsonFields.WriteChecksum(writer, Checksum);
        writer.WriteString("source", Source.ToString());
        writer.WriteString("destination", Destination.ToString());
        JsonFields.WriteHex(writer, "options", Options);
    }

    private static byte CheckDscp(byte value) =>
        value <= 0x3F ? value : throw new ArgumentOutOfRangeException(nameof(Dscp), value, "DSCP is 6 bits");

    private static byte CheckEcn(byte value) =>
        value <= 3 ? value : throw new ArgumentOutOfRangeException(nameof(Ecn), value, "ECN is 2 bits");

    private static ushort CheckFragmentOffset(ushort value) =>
        value <= 0x1FFF ? value : throw new ArgumentOutOfRangeException(nameof(FragmentOffset), value, "fragment offset is 13 bits");

    private static Bytes CheckOptions(Bytes value) =>
        value.Length % 4 == 0 && value.Length <= MaxOptionsLength
            ? value
            : throw new ArgumentException($"options must be a multiple of 4 bytes, at most {MaxOptionsLength}", nameof(Options));
}
