using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Enet.Codecs;

/// <summary>An Ethernet/IPv4 ARP packet (RFC 826). Hardware and protocol types and lengths are implied.</summary>
public sealed record ArpMessage(
    ArpOperation Operation,
    MacAddress SenderHardwareAddress,
    Ipv4Address SenderProtocolAddress,
    MacAddress TargetHardwareAddress,
    Ipv4Address TargetProtocolAddress)
{
    public int Length => ArpPacket.Length;

    /// <summary>"Who has <paramref name="targetIp"/>?" The target hardware address is unknown, so zero (RFC 826).</summary>
    public static ArpMessage Request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) =>
        new(ArpOperation.Request, senderMac, senderIp, MacAddress.Zero, targetIp);

    public static ArpMessage Reply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac, Ipv4Address targetIp) =>
        new(ArpOperation.Reply, senderMac, senderIp, targetMac, targetIp);

    /// <summary>An ARP announcement (RFC 5227 2.3): a request whose sender and target protocol addresses are both
    /// <paramref name="ip"/>, so neighbours update their caches without anyone answering.</summary>
    public static ArpMessage Gratuitous(MacAddress mac, Ipv4Address ip) => new(ArpOperation.Request, mac, ip, MacAddress.Zero, ip);

    public static bool TryDecode(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out ArpMessage? value, out DecodeError error)
    {
        value = null;
        if (!ArpPacket.TryParse(bytes, out var packet, out error))
            return false;
        value = new ArpMessage(packet.Operation, packet.SenderHardwareAddress, packet.SenderProtocolAddress,
            packet.TargetHardwareAddress, packet.TargetProtocolAddress);
        return true;
    }

    public void Emit(Span<byte> destination)
    {
        var packet = destination[..Length];
        BinaryPrimitives.WriteUInt16BigEndian(packet, ArpPacket.EthernetHardwareType);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)EtherType.Ipv4);
        packet[4] = MacAddress.Length;
        packet[5] = Ipv4Address.Length;
        BinaryPrimitives.WriteUInt16BigEndian(packet[6..], (ushort)Operation);
        SenderHardwareAddress.Write(packet[8..]);
        SenderProtocolAddress.Write(packet[14..]);
        TargetHardwareAddress.Write(packet[18..]);
        TargetProtocolAddress.Write(packet[24..]);
    }

    /// <summary>One tcpdump-like line.</summary>
    public override string ToString() => Operation switch
    {
        ArpOperation.Request => $"ARP, Request who-has {TargetProtocolAddress} tell {SenderProtocolAddress} ({SenderHardwareAddress})",
        ArpOperation.Reply => $"ARP, Reply {SenderProtocolAddress} is-at {SenderHardwareAddress} to {TargetProtocolAddress} ({TargetHardwareAddress})",
        _ => $"ARP, operation {(ushort)Operation} {SenderProtocolAddress} ({SenderHardwareAddress}) > {TargetProtocolAddress} ({TargetHardwareAddress})",
    };

    public void WriteJson(Utf8JsonWriter writer)
    {
        JsonFields.WriteEnum(writer, "operation", Operation);
        writer.WriteString("senderHardwareAddress", SenderHardwareAddress.ToString());
        writer.WriteString("senderProtocolAddress", SenderProtocolAddress.ToString());
        writer.WriteString("targetHardwareAddress", TargetHardwareAddress.ToString());
        writer.WriteString("targetProtocolAddress", TargetProtocolAddress.ToString());
    }
}
