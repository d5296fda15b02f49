using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>What makes fragments belong to one datagram (RFC 791 3.2: source, destination, protocol and
/// identification).</summary>
public readonly record struct Ipv4ReassemblyKey(Ipv4Address Source, Ipv4Address Destination, IpProtocol Protocol, ushort Identification);
