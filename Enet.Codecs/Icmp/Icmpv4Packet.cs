using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of an ICMPv4 message (RFC 792): type, code, checksum, the 4 type-specific bytes and the
/// data. The view covers exactly the ICMP message: the caller trims the IP payload to the IP total length first.
/// </summary>
public readonly ref struct Icmpv4Packet
{
    private static class Field
    {
        public const int Type = 0;
        public const int Code = 1;
        public static readonly Range Checksum = 2..4;
        public static readonly Range RestOfHeader = 4..8;
        public static readonly Range Identifier = 4..6;
        public static readonly Range SequenceNumber = 6..8;
        public const int Data = 8;
    }

    public const int HeaderLength = 8;

    private readonly ReadOnlySpan<byte> _bytes;

    private Icmpv4Packet(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out Icmpv4Packet packet, out DecodeError error)
    {
        packet = default;
        error = default;
        if (bytes.Length < HeaderLength)
        {
            error = DecodeError.Truncated(Layer.Icmpv4, 0, HeaderLength, bytes.Length);
            return false;
        }
        packet = new Icmpv4Packet(bytes);
        return true;
    }

    public Icmpv4Type Type => (Icmpv4Type)_bytes[Field.Type];

    public byte Code => _bytes[Field.Code];

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Checksum]);

    /// <summary>Bytes 4..8 whatever the type says they mean (RFC 4884 keeps its length field here too).</summary>
    public uint RestOfHeader => BinaryPrimitives.ReadUInt32BigEndian(_bytes[Field.RestOfHeader]);

    /// <summary>Echo / timestamp / information identifier (RFC 792).</summary>
    public ushort Identifier => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Identifier]);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.SequenceNumber]);

    /// <summary>Next-hop MTU of a "fragmentation needed" destination unreachable (RFC 1191 4).</summary>
    public ushort NextHopMtu => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.SequenceNumber]);

    /// <summary>The gateway of a redirect (RFC 792).</summary>
    public Ipv4Address GatewayAddress => Ipv4Address.Read(_bytes[Field.RestOfHeader]);

    /// <summary>The octet a parameter problem points at (RFC 792).</summary>
    public byte Pointer => _bytes[Field.RestOfHeader.Start];

    /// <summary>Everything after the first 8 bytes: echo data, or the quoted IP header + 8 bytes of an error.</summary>
    public ReadOnlySpan<byte> Data => _bytes[Field.Data..];

    /// <summary>RFC 792: the checksum covers the whole ICMP message, so summing it with its checksum gives 0.</summary>
    public ChecksumStatus VerifyChecksum() =>
        InternetChecksum.Compute(_bytes) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
}
