using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>The multicast addresses a host uses (RFC 4291 2.7.1) and their Ethernet mapping (RFC 2464 7).</summary>
public static class Ipv6Multicast
{
    /// <summary>ff02::1, every node on the link.</summary>
    public static readonly Ipv6Address AllNodes = new((UInt128)0xFF02UL << 112 | 1);

    /// <summary>ff02::2, every router on the link.</summary>
    public static readonly Ipv6Address AllRouters = new((UInt128)0xFF02UL << 112 | 2);

    /// <summary>ff02::1:ffXX:XXXX, made of the low 24 bits of <paramref name="address"/> (RFC 4291 2.7.1): the
    /// group a node joins for each of its addresses so neighbour solicitations reach few hosts.</summary>
    public static Ipv6Address SolicitedNode(Ipv6Address address) =>
        new((UInt128)0xFF02UL << 112 | (UInt128)0x1_FF00_0000UL | (address.Value & 0xFF_FFFF));

    /// <summary>33:33 followed by the low 32 bits of the group (RFC 2464 7).</summary>
    public static MacAddress MacFor(Ipv6Address group) => new(0x3333UL << 32 | (ulong)(uint)group.Value);

    /// <summary>The scope field of a multicast address (RFC 4291 2.7): 2 is link-local.</summary>
    public static int Scope(Ipv6Address group) => (int)(group.Value >> 112) & 0xF;
}
