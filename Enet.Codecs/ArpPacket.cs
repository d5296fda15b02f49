using System.Buffers.Binary;

namespace Enet.Codecs;

/// <summary>
/// A zero-copy view of an ARP packet for Ethernet hardware and IPv4 protocol addresses (RFC 826), the only
/// combination Enet resolves.
/// </summary>
public readonly ref struct ArpPacket
{
    public const int Length = 28;

    /// <summary>RFC 826 "ar$hrd": Ethernet (IANA ARP hardware type 1).</summary>
    public const ushort EthernetHardwareType = 1;

    private static class Field
    {
        public const int HardwareType = 0;
        public const int ProtocolType = 2;
        public const int HardwareLength = 4;
        public const int ProtocolLength = 5;
        public const int Operation = 6;
        public const int SenderHardwareAddress = 8;
        public const int SenderProtocolAddress = 14;
        public const int TargetHardwareAddress = 18;
        public const int TargetProtocolAddress = 24;
    }

    private readonly ReadOnlySpan<byte> bytes;

    private ArpPacket(ReadOnlySpan<byte> bytes) => this.bytes = bytes;

    public static bool TryParse(ReadOnlySpan<byte> bytes, out ArpPacket packet, out DecodeError error)
    {
        packet = default;
        if (bytes.Length < Field.Operation)
        {
            error = DecodeError.Truncated(Layer.Arp, 0, Length, bytes.Length);
            return false;
        }
        // RFC 826: the address lengths are in the packet so a receiver can skip what it cannot resolve;
        // Enet only resolves Ethernet/IPv4, so anything else is rejected before the addresses are read.
        if (BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.HardwareType..]) != EthernetHardwareType)
            error = new(Layer.Arp, Field.HardwareType, "hardware type is not Ethernet (1)");
        else if (BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.ProtocolType..]) != (ushort)EtherType.Ipv4)
            error = new(Layer.Arp, Field.ProtocolType, "protocol type is not IPv4 (0x0800)");
        else if (bytes[Field.HardwareLength] != MacAddress.Length)
            error = new(Layer.Arp, Field.HardwareLength, "hardware address length is not 6");
        else if (bytes[Field.ProtocolLength] != Ipv4Address.Length)
            error = new(Layer.Arp, Field.ProtocolLength, "protocol address length is not 4");
        else if (bytes.Length < Length)
            error = DecodeError.Truncated(Layer.Arp, 0, Length, bytes.Length);
        else
        {
            packet = new ArpPacket(bytes);
            error = default;
            return true;
        }
        return false;
    }

    public ushort HardwareType => BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.HardwareType..]);

    public EtherType ProtocolType => (EtherType)BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.ProtocolType..]);

    public byte HardwareLength => bytes[Field.HardwareLength];

    public byte ProtocolLength => bytes[Field.ProtocolLength];

    public ArpOperation Operation => (ArpOperation)BinaryPrimitives.ReadUInt16BigEndian(bytes[Field.Operation..]);

    public MacAddress SenderHardwareAddress => MacAddress.Read(bytes[Field.SenderHardwareAddress..]);

    public Ipv4Address SenderProtocolAddress => Ipv4Address.Read(bytes[Field.SenderProtocolAddress..]);

    public MacAddress TargetHardwareAddress => MacAddress.Read(bytes[Field.TargetHardwareAddress..]);

    public Ipv4Address TargetProtocolAddress => Ipv4Address.Read(bytes[Field.TargetProtocolAddress..]);

    /// <summary>Bytes after the 28-byte packet: Ethernet padding to the 60-byte minimum frame.</summary>
    public ReadOnlySpan<byte> Trailer => bytes[Length..];
}
