using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of an IPv4 header and its payload (RFC 791 3.1). A total length beyond the buffer is
/// not an error: snaplen-truncated captures end early, and <see cref="IsTruncated"/> says so.
/// </summary>
public readonly ref struct Ipv4Packet
{
    public const int MinHeaderLength = 20;

    private static class Field
    {
        public const int VersionIhl = 0;
        public const int DscpEcn = 1;
        public const int TotalLength = 2;
        public const int Identification = 4;
        public const int FlagsFragmentOffset = 6;
        public const int Ttl = 8;
        public const int Protocol = 9;
        public const int Checksum = 10;
        public const int Source = 12;
        public const int Destination = 16;
        public const int Options = 20;
    }

    private readonly ReadOnlySpan<byte> bytes;

    private Ipv4Packet(ReadOnlySpan<byte> bytes) => this.bytes = bytes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> bytes, out Ipv4Packet packet, out DecodeError error)
    {
        // RFC 791 3.1: version 4, IHL at least 5 words and inside the buffer, total length covering the header.
        // The IHL's lower and upper bound fold into one unsigned compare.
        if (bytes.Length >= MinHeaderLength)
        {
            var versionIhl = BigEndian.Byte(bytes, Field.VersionIhl);
            var headerLength = (versionIhl & 0x0F) * 4;
            if ((versionIhl & 0xF0) == 0x40 && (uint)(headerLength - MinHeaderLength) <= (uint)(bytes.Length - MinHeaderLength) &&
                BigEndian.UInt16(bytes, Field.TotalLength) >= headerLength)
            {
                packet = new Ipv4Packet(bytes);
                error = default;
                return true;
            }
        }
        packet = default;
        error = Invalid(bytes);
        return false;
    }

    /// <summary>Why <see cref="TryParse"/> refused <paramref name="bytes"/>; kept out of line so the accepting
    /// path carries none of the message formatting.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeError Invalid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MinHeaderLength)
            return DecodeError.Truncated(Layer.Ipv4, 0, MinHeaderLength, bytes.Length);
        var version = bytes[Field.VersionIhl] >> 4;
        var headerLength = (bytes[Field.VersionIhl] & 0x0F) * 4;
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.TotalLength..]);
        if (version != 4)
            return new(Layer.Ipv4, Field.VersionIhl, $"version is {version}, not 4");
        if (headerLength < MinHeaderLength)
            return new(Layer.Ipv4, Field.VersionIhl, $"IHL {headerLength / 4} is below the minimum of 5 (RFC 791 3.1)");
        if (headerLength > bytes.Length)
            return DecodeError.Truncated(Layer.Ipv4, Field.VersionIhl, headerLength, bytes.Length);
        // TSO captures carry total length 0; the view reports that rather than patching the buffer.
        return new(Layer.Ipv4, Field.TotalLength, $"total length {totalLength} is shorter than the {headerLength}-byte header");
    }

    public int Version => BigEndian.Byte(bytes, Field.VersionIhl) >> 4;

    /// <summary>IHL * 4, in bytes.</summary>
    public int HeaderLength => (BigEndian.Byte(bytes, Field.VersionIhl) & 0x0F) * 4;

    /// <summary>Differentiated services code point, the upper six bits of the old TOS byte (RFC 2474 3).</summary>
    public byte Dscp => (byte)(BigEndian.Byte(bytes, Field.DscpEcn) >> 2);

    /// <summary>Explicit congestion notification, the lower two bits (RFC 3168 5).</summary>
    public byte Ecn => (byte)(BigEndian.Byte(bytes, Field.DscpEcn) & 0x03);

    public ushort TotalLength => BigEndian.UInt16(bytes, Field.TotalLength);

    public ushort Identification => BigEndian.UInt16(bytes, Field.Identification);

    /// <summary>Bit 0 of the flags, which RFC 791 says must be zero; kept so it round-trips.</summary>
    public bool ReservedFlag => (BigEndian.Byte(bytes, Field.FlagsFragmentOffset) & 0x80) != 0;

    public bool DontFragment => (BigEndian.Byte(bytes, Field.FlagsFragmentOffset) & 0x40) != 0;

    public bool MoreFragments => (BigEndian.Byte(bytes, Field.FlagsFragmentOffset) & 0x20) != 0;

    /// <summary>The fragment offset in 8-byte units, as on the wire.</summary>
    public ushort FragmentOffset => (ushort)(BigEndian.UInt16(bytes, Field.FlagsFragmentOffset) & 0x1FFF);

    public int FragmentByteOffset => FragmentOffset * 8;

    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    public byte Ttl => BigEndian.Byte(bytes, Field.Ttl);

    public IpProtocol Protocol => (IpProtocol)BigEndian.Byte(bytes, Field.Protocol);

    public ushort Checksum => BigEndian.UInt16(bytes, Field.Checksum);

    public Ipv4Address Source => new Ipv4Address(BigEndian.UInt32(bytes, Field.Source));

    public Ipv4Address Destination => new Ipv4Address(BigEndian.UInt32(bytes, Field.Destination));

    public ReadOnlySpan<byte> Header => BigEndian.Slice(bytes, 0, HeaderLength);

    /// <summary>Options and their padding, byte for byte.</summary>
    public ReadOnlySpan<byte> Options => BigEndian.Slice(bytes, Field.Options, HeaderLength - MinHeaderLength);

    /// <summary>The payload up to the total length, so Ethernet padding is dropped; shorter when truncated.
    /// TryParse checked header length &lt;= total length and header length &lt;= buffer length.</summary>
    public ReadOnlySpan<byte> Payload
    {
        get
        {
            var headerLength = HeaderLength;
            return BigEndian.Slice(bytes, headerLength, Math.Min(TotalLength, bytes.Length) - headerLength);
        }
    }

    public bool IsTruncated => TotalLength > bytes.Length;

    /// <summary>RFC 1071: the sum over a header that includes its correct checksum is all ones.</summary>
    public ChecksumStatus VerifyChecksum() =>
        InternetChecksum.Compute(Header) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
}
