using System.Net;
using System.Net.Sockets;
using Enet.Codecs;

namespace Enet.Actors.Inet;

/// <summary>Akka.IO speaks <see cref="IPEndPoint"/>s; the stack speaks <see cref="Ipv4Address"/> and port.</summary>
public static class EndPoints
{
    public static IPEndPoint From(Ipv4Address address, ushort port) => new(new IPAddress(Network(address.Value)), port);

    public static IPEndPoint From(InetAddress address, ushort port) =>
        address.IsIpv4 ? From(address.Ipv4, port) : new IPEndPoint(IPAddress.Parse(address.Ipv6.ToString()), port);

    /// <summary>The IPv4 address of <paramref name="endPoint"/>; false for IPv6 and host names, which Enet's TCP does not
    /// reach yet. An IPv4-mapped IPv6 address counts as IPv4.</summary>
    public static bool TryIpv4(EndPoint? endPoint, out Ipv4Address address, out ushort port)
    {
        address = Ipv4Address.Any;
        port = 0;
        if (endPoint is not IPEndPoint ip)
            return endPoint is null;
        var bytes = ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address;
        if (bytes.AddressFamily != AddressFamily.InterNetwork)
            return false;
        address = Ipv4Address.Read(bytes.GetAddressBytes());
        port = (ushort)ip.Port;
        return true;
    }

    /// <summary>IPAddress(long) takes the address in network order read as a little-endian number.</summary>
    private static long Network(uint value) => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value);
}
