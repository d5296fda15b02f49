using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// One IEEE 802.1Q tag: the tag protocol identifier and the tag control information (priority code point,
/// drop eligible indicator, VLAN identifier), four bytes between the source address and the EtherType.
/// </summary>
public readonly record struct VlanTag(ushort Tpid, byte Priority, bool DropEligible, ushort VlanId)
{
    public const int Length = 4;

    /// <summary>IEEE 802.1Q customer tag.</summary>
    public const ushort CustomerTpid = 0x8100;

    /// <summary>IEEE 802.1ad service (outer, QinQ) tag.</summary>
    public const ushort ServiceTpid = 0x88A8;

    /// <summary>The pre-802.1ad outer TPID some switches still send.</summary>
    public const ushort LegacyServiceTpid = 0x9100;

    /// <summary>The priority code point is three bits (IEEE 802.1Q 9.6).</summary>
    public byte Priority { get; init => field = CheckPriority(value); } = CheckPriority(Priority);

    /// <summary>The VLAN identifier is twelve bits (IEEE 802.1Q 9.6).</summary>
    public ushort VlanId { get; init => field = CheckVlanId(value); } = CheckVlanId(VlanId);

    /// <summary>Whether an EtherType position holds a tag rather than the payload type.</summary>
    public static bool IsTpid(ushort value) => value is CustomerTpid or ServiceTpid or LegacyServiceTpid;

    /// <summary>An 802.1Q customer tag with the given VLAN identifier.</summary>
    public static VlanTag Customer(ushort vlanId, byte priority = 0) => new(CustomerTpid, priority, false, vlanId);

    /// <summary>Reads the four bytes of a tag; the caller has checked the length.</summary>
    public static VlanTag Read(ReadOnlySpan<byte> bytes)
    {
        var tci = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        return new(BinaryPrimitives.ReadUInt16BigEndian(bytes), (byte)(tci >> 13), (tci & 0x1000) != 0, (ushort)(tci & 0x0FFF));
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Tpid);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(Priority << 13 | (DropEligible ? 0x1000 : 0) | VlanId));
    }

    public override string ToString() => $"vlan {VlanId} p {Priority}{(DropEligible ? " dei" : "")} tpid 0x{Tpid:x4}";

    private static byte CheckPriority(byte value) =>
        value <= 7 ? value : throw new ArgumentOutOfRangeException(nameof(Priority), value, "priority is 3 bits");

    private static ushort CheckVlanId(ushort value) =>
        value <= 0x0FFF ? value : throw new ArgumentOutOfRangeException(nameof(VlanId), value, "VLAN id is 12 bits");
}
