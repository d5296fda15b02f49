namespace Enet.Codecs;

/// <summary>EtherType values Enet decodes (IEEE 802.3 / IANA registry); any other value is kept as is.</summary>
public enum EtherType : ushort
{
    Ipv4 = 0x0800,
    Arp = 0x0806,
    Vlan = 0x8100,
    Ipv6 = 0x86DD,
    QinQ = 0x88A8,
}
