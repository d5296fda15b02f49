using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>What makes fragments one datagram (RFC 8200 4.5): source, destination and identification.</summary>
public readonly record struct Ipv6FragmentKey(Ipv6Address Source, Ipv6Address Destination, uint Identification);
