using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of an Ethernet II header (IEEE 802.3 clause 3) with up to <see cref="MaxTags"/> stacked
/// 802.1Q / 802.1ad tags. The frame check sequence is not part of the view: captures and TAP devices
/// deliver frames without it.
/// </summary>
public readonly ref struct EthernetFrame
{
    /// <summary>Deeper stacks than this are not seen in practice; the bound keeps a hostile frame of
    /// repeated TPIDs from being read as tags forever.</summary>
    public const int MaxTags = 4;

    /// <summary>Smallest EtherType; values below are IEEE 802.3 length fields (IEEE 802.3 3.2.6).</summary>
    public const ushort MinEtherType = 0x0600;

    private static class Field
    {
        public const int Destination = 0;
        public const int Source = 6;
        public const int TypeOrTpid = 12;
        public const int FixedLength = 14;
    }

    private readonly ReadOnlySpan<byte> bytes;

    private EthernetFrame(ReadOnlySpan<byte> bytes, int tagCount)
    {
        this.bytes = bytes;
        TagCount = tagCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> bytes, out EthernetFrame frame, out DecodeError error)
    {
        // Tagged frames and too-short ones go out of line. The helpers return values rather than write through
        // frame, so frame never has its address taken and stays in registers.
        var tags = bytes.Length >= Field.FixedLength && !VlanTag.IsTpid(BigEndian.UInt16(bytes, Field.TypeOrTpid)) ? 0 : CountTags(bytes);
        if (tags >= 0)
        {
            frame = new EthernetFrame(bytes, tags);
            error = default;
            return true;
        }
        frame = default;
        error = Invalid(bytes);
        return false;
    }

    /// <summary>The number of stacked tags (IEEE 802.1Q 9.5), or -1 when the frame is too short for them or
    /// has more than <see cref="MaxTags"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CountTags(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Field.FixedLength)
            return -1;
        var tags = 0;
        while (VlanTag.IsTpid(BinaryPrimitives.ReadUInt16BigEndian(bytes[(Field.TypeOrTpid + tags * VlanTag.Length)..])))
        {
            if (tags == MaxTags || bytes.Length < Field.FixedLength + (tags + 1) * VlanTag.Length)
                return -1;
            tags++;
        }
        return tags;
    }

    /// <summary>Why <see cref="CountTags"/> refused <paramref name="bytes"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeError Invalid(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Field.FixedLength)
            return DecodeError.Truncated(Layer.Ethernet, 0, Field.FixedLength, bytes.Length);
        var tags = 0;
        while (true)
        {
            var tagOffset = Field.TypeOrTpid + tags * VlanTag.Length;
            if (tags == MaxTags)
                return new(Layer.Vlan, tagOffset, $"more than {MaxTags} stacked VLAN tags");
            var needed = Field.FixedLength + (tags + 1) * VlanTag.Length;
            if (bytes.Length < needed)
                return DecodeError.Truncated(Layer.Vlan, tagOffset, needed, bytes.Length);
            tags++;
        }
    }

    public MacAddress Destination => new(BigEndian.UInt48(bytes, Field.Destination));

    public MacAddress Source => new(BigEndian.UInt48(bytes, Field.Source));

    public int TagCount { get; }

    /// <summary>The tag at <paramref name="index"/>, outermost first.</summary>
    public VlanTag Tag(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, TagCount);
        return VlanTag.Read(bytes[(Field.TypeOrTpid + index * VlanTag.Length)..]);
    }

    /// <summary>The type after the tags. Below <see cref="MinEtherType"/> it is an 802.3 length, kept as is.</summary>
    public EtherType EtherType => (EtherType)BigEndian.UInt16(bytes, HeaderLength - 2);

    /// <summary>Whether <see cref="EtherType"/> is an IEEE 802.3 length rather than a type (IEEE 802.3 3.2.6).</summary>
    public bool IsLengthField => (ushort)EtherType < MinEtherType;

    public int HeaderLength => Field.FixedLength + TagCount * VlanTag.Length;

    public ReadOnlySpan<byte> Header => BigEndian.Slice(bytes, 0, HeaderLength);

    /// <summary>Everything after the header, Ethernet padding included: the next layer trims by its own length.</summary>
    public ReadOnlySpan<byte> Payload => BigEndian.Slice(bytes, HeaderLength, bytes.Length - HeaderLength);
}
