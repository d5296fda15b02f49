namespace Enet.Codecs;

/// <summary>The protocol layer a <see cref="DecodeError"/> was found in.</summary>
public enum Layer
{
    /// <summary>The capture's link type, when Enet does not decode it.</summary>
    Link,
    Ethernet,
    Vlan,
    Arp,
    Ipv4,
    Ipv6,
    Ipv6Extension,
    Icmpv4,
    Icmpv6,
    Udp,
    Tcp,
    Pcap,
    Pcapng,
}
