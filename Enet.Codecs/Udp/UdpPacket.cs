using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of a UDP datagram (RFC 768). The datagram ends where its length field says: bytes of the IP
/// payload beyond it are not UDP's (the frame decoder keeps them as trailer), and a length beyond the buffer
/// (a snapped capture) is reported by <see cref="IsTruncated"/>, not as an error.
/// </summary>
public readonly ref struct UdpPacket
{
    private static class Field
    {
        public static readonly Range SourcePort = 0..2;
        public static readonly Range DestinationPort = 2..4;
        public static readonly Range Length = 4..6;
        public static readonly Range Checksum = 6..8;
    }

    public const int HeaderLength = 8;

    private readonly ReadOnlySpan<byte> _bytes;

    private UdpPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out UdpPacket packet, out DecodeError error)
    {
        packet = default;
        if (bytes.Length < HeaderLength)
        {
            error = DecodeError.Truncated(Layer.Udp, 0, HeaderLength, bytes.Length);
            return false;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.Length]);
        if (length < HeaderLength)
        {
            // RFC 768: the length counts the header, so it is at least 8.
            error = new DecodeError(Layer.Udp, Field.Length.Start.Value, $"length field {length} is less than the 8-byte header");
            return false;
        }
        error = default;
        packet = new UdpPacket(bytes[..Math.Min(length, bytes.Length)]);
        return true;
    }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.SourcePort]);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.DestinationPort]);

    /// <summary>The length field: header plus data, as sent.</summary>
    public ushort Length => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Length]);

    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_bytes[Field.Checksum]);

    /// <summary>The length field promises more bytes than the buffer holds.</summary>
    public bool IsTruncated => Length > _bytes.Length;

    /// <summary>Bytes 8..<see cref="Length"/>, bounded by what is available.</summary>
    public ReadOnlySpan<byte> Payload => _bytes[HeaderLength..];

    /// <summary>RFC 768: a zero checksum means the sender computed none (<see cref="ChecksumStatus.Absent"/>); the
    /// caller decides if that is acceptable: yes over IPv4, no over IPv6 (RFC 8200 8.1). A truncated datagram
    /// cannot be verified and reports <see cref="ChecksumStatus.Bad"/>.</summary>
    public ChecksumStatus VerifyChecksum(uint pseudoHeaderSum)
    {
        if (Checksum == 0)
            return ChecksumStatus.Absent;
        if (IsTruncated)
            return ChecksumStatus.Bad;
        return InternetChecksum.Finish(InternetChecksum.Add(pseudoHeaderSum, _bytes)) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
    }
}
