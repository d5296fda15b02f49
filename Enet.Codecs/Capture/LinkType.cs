namespace Enet.Codecs.Capture;

/// <summary>
/// The LINKTYPE_ value a capture file records for its frames (tcpdump.org link-layer header types;
/// pcap-savefile(5) "LinkType", draft-ietf-opsawg-pcapng 4.2 "LinkType"). Values not named here are kept
/// as plain numbers.
/// </summary>
/// <remarks>These are the file values, not the in-memory DLT_ values: DLT_RAW is 12 (14 on OpenBSD) in
/// memory but LINKTYPE_RAW is 101 in files.</remarks>
public enum LinkType : uint
{
    /// <summary>BSD loopback: a 4-byte address family in the writer's host byte order.</summary>
    Null = 0,
    Ethernet = 1,
    /// <summary>Raw IP, IPv4 or IPv6 by the first nibble.</summary>
    Raw = 101,
    LinuxSll = 113,
    Ipv4 = 228,
    Ipv6 = 229,
    LinuxSll2 = 276,
}
