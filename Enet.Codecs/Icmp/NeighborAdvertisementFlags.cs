namespace Enet.Codecs;

/// <summary>The first 32 bits after the ICMPv6 checksum of a neighbor advertisement (RFC 4861 4.4): three flags
/// and 29 reserved bits, which are kept as received.</summary>
[Flags]
public enum NeighborAdvertisementFlags : uint
{
    None = 0,
    Override = 0x2000_0000,
    Solicited = 0x4000_0000,
    Router = 0x8000_0000,
}
