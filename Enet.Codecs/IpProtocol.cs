namespace Enet.Codecs;

/// <summary>IP protocol / IPv6 next-header numbers (IANA "Assigned Internet Protocol Numbers").</summary>
public enum IpProtocol : byte
{
    HopByHop = 0,
    Icmp = 1,
    Igmp = 2,
    Tcp = 6,
    Udp = 17,
    Ipv6Route = 43,
    Ipv6Fragment = 44,
    Esp = 50,
    Ah = 51,
    Icmpv6 = 58,
    Ipv6NoNext = 59,
    Ipv6DestinationOptions = 60,
}
