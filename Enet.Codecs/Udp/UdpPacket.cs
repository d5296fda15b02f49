using System.Buffers.Binary;
using System.Runtime.CompilerServices;

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
        public const int SourcePort = 0;
        public const int DestinationPort = 2;
        public const int Length = 4;
        public const int Checksum = 6;
    }

    public const int HeaderLength = 8;

    private readonly ReadOnlySpan<byte> _bytes;

    private UdpPacket(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> bytes, out UdpPacket packet, out DecodeError error)
    {
        // RFC 768: the length counts the header, so it is at least 8.
        if (bytes.Length >= HeaderLength)
        {
            var length = BigEndian.UInt16(bytes, Field.Length);
            if (length >= HeaderLength)
            {
                error = default;
                packet = new UdpPacket(BigEndian.Slice(bytes, 0, Math.Min(length, bytes.Length)));
                return true;
            }
        }
        packet = default;
        error = Invalid(bytes);
        return false;
    }

    /// <summary>Why <see cref="TryParse"/> refused <paramref name="bytes"/>, out of line from the accepting path.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeError Invalid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength)
            return DecodeError.Truncated(Layer.Udp, 0, HeaderLength, bytes.Length);
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.Length..]);
        return new DecodeError(Layer.Udp, Field.Length, $"length field {length} is less than the 8-byte header");
    }

    public ushort SourcePort => BigEndian.UInt16(_bytes, Field.SourcePort);

    public ushort DestinationPort => BigEndian.UInt16(_bytes, Field.DestinationPort);

    /// <summary>The length field: header plus data, as sent.</summary>
    public ushort Length => BigEndian.UInt16(_bytes, Field.Length);

    public ushort Checksum => BigEndian.UInt16(_bytes, Field.Checksum);

    /// <summary>The length field promises more bytes than the buffer holds.</summary>
    public bool IsTruncated => Length > _bytes.Length;

    /// <summary>Bytes 8..<see cref="Length"/>, bounded by what is available.</summary>
    public ReadOnlySpan<byte> Payload => BigEndian.Slice(_bytes, HeaderLength, _bytes.Length - HeaderLength);

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
