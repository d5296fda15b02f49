using System.Buffers.Binary;
using Enet.Actors.Inet;

namespace Enet.Actors.Tcp;

/// <summary>The 4-tuple that names a connection (RFC 9293 3.3.1: "a pair of sockets uniquely identifies each
/// connection"), of either family: both addresses are IPv4 or both IPv6.</summary>
public readonly record struct ConnectionId(InetAddress LocalAddress, ushort LocalPort, InetAddress RemoteAddress, ushort RemotePort)
{
    /// <summary>The length of <see cref="WriteTuple"/>'s bytes.</summary>
    internal const int TupleLength = 36;

    public bool IsIpv4 => LocalAddress.IsIpv4;

    /// <summary>The tuple as the keyed hashes (ISNs, SYN cookies) take it: both addresses in full, an IPv4 one as its 32
    /// bits in 128 (the hashes add the family), each followed by its port.</summary>
    internal void WriteTuple(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt128BigEndian(destination, LocalAddress.Bits);
        BinaryPrimitives.WriteUInt16BigEndian(destination[16..], LocalPort);
        BinaryPrimitives.WriteUInt128BigEndian(destination[18..], RemoteAddress.Bits);
        BinaryPrimitives.WriteUInt16BigEndian(destination[34..], RemotePort);
    }

    /// <summary>Ports first: they differ most between the connections of one layer. Every segment's lookup runs this.</summary>
    public bool Equals(ConnectionId other) => RemotePort == other.RemotePort && LocalPort == other.LocalPort &&
        RemoteAddress.Equals(other.RemoteAddress) && LocalAddress.Equals(other.LocalAddress);

    public override int GetHashCode() => (RemotePort << 16 | LocalPort) ^ RemoteAddress.GetHashCode() * 397 ^ LocalAddress.GetHashCode();

    public override string ToString() => IsIpv4
        ? $"{LocalAddress}:{LocalPort}-{RemoteAddress}:{RemotePort}"
        : $"[{LocalAddress}]:{LocalPort}-[{RemoteAddress}]:{RemotePort}";
}
