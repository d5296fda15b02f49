using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>
/// IPv6 interface identifiers made from a 48-bit MAC: the modified EUI-64 of RFC 4291 2.5.1 and appendix A
/// (0xFFFE inserted between the OUI and the rest, the universal/local bit inverted), as RFC 2464 4 asks for
/// Ethernet, and the link-local address fe80::/64 built on it (RFC 4291 2.5.6, RFC 4862 5.3).
/// </summary>
public static class InterfaceIdentifier
{
    private const ulong UniversalLocalBit = 0x0200_0000_0000_0000;

    public static ulong ModifiedEui64(MacAddress mac)
    {
        var oui = mac.Value >> 24 & 0xFF_FFFF;
        var rest = mac.Value & 0xFF_FFFF;
        return (oui << 40 | 0xFF_FEUL << 24 | rest) ^ UniversalLocalBit;
    }

    public static Ipv6Address LinkLocal(MacAddress mac) => new((UInt128)0xFE80UL << 112 | ModifiedEui64(mac));
}
