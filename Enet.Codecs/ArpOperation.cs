namespace Enet.Codecs;

/// <summary>The ARP opcode (RFC 826 "ar$op"); other values (RARP, InARP) are kept as numbers.</summary>
public enum ArpOperation : ushort
{
    Request = 1,
    Reply = 2,
}
