using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>The fields of an IPv6 fragment header (RFC 8200 4.5).</summary>
/// <param name="Offset">The fragment offset in 8-byte units, as on the wire (13 bits).</param>
public readonly record struct Ipv6FragmentHeader(ushort Offset, bool MoreFragments, uint Identification)
{
    /// <summary>Next header, reserved, offset and flags, identification.</summary>
    public const int Length = 8;

    public ushort Offset { get; init => field = CheckOffset(value); } = CheckOffset(Offset);

    public int FragmentByteOffset => Offset * 8;

    /// <summary>Reads the fields of a whole fragment header (starting at its next-header byte).</summary>
    public static Ipv6FragmentHeader Read(ReadOnlySpan<byte> header)
    {
        var offsetAndFlags = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        return new((ushort)(offsetAndFlags >> 3), (offsetAndFlags & 1) != 0, BinaryPrimitives.ReadUInt32BigEndian(header[4..]));
    }

    /// <summary>Writes everything but the next-header byte: reserved zero, offset with M flag (the two reserved
    /// bits zero), identification. Seven bytes.</summary>
    public void WriteAfterNextHeader(Span<byte> destination)
    {
        destination[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)(Offset << 3 | (MoreFragments ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(destination[3..], Identification);
    }

    private static ushort CheckOffset(ushort value) =>
        value <= 0x1FFF ? value : throw new ArgumentOutOfRangeException(nameof(Offset), value, "fragment offset is 13 bits");
}
