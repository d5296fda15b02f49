using System.Net;
using System.Net.Sockets;
using Enet.Codecs;

namespace Enet.Actors.Inet;

/// <summary>Akka.IO speaks <see cref="IPEndPoint"/>s; the stack speaks <see cref="InetAddress"/> (or <see cref="Ipv4Address"/>) and port.</summary>
public static class EndPoints
{
    public static IPEndPoint From(Ipv4Address address, ushort port) => new(new IPAddress(Network(address.Value)), port);

    public static IPEndPoint From(InetAddress address, ushort port) =>
        address.IsIpv4 ? From(address.Ipv4, port) : new IPEndPoint(IPAddress.Parse(address.Ipv6.ToString()), port);

    /// <summary>The address of <paramref name="endPoint"/> of either family (an IPv4-mapped IPv6 address counts as IPv4,
    /// as a dual-stack socket sees it, RFC 4291 2.5.5.2); null is the IPv4 wildcard. False for a host name or an IPv6
    /// address with a scope id other than 0 (one interface per layer: no zones to pick between).</summary>
    public static bool TryInet(EndPoint? endPoint, out InetAddress address, out ushort port)
    {
        if (TryIpv4(endPoint, out var v4, out port))
        {
            address = v4;
            return true;
        }
        address = InetAddress.Any;
        if (endPoint is not IPEndPoint { Address: { AddressFamily: AddressFamily.InterNetworkV6, ScopeId: 0 } v6 } ip)
            return false;
        Span<byte> bytes = stackalloc byte[16];
        v6.TryWriteBytes(bytes, out _);
        address = Ipv6Address.Read(bytes);
        port = (ushort)ip.Port;
        return true;
    }

    /// <summary>The IPv4 address of <paramref name="endPoint"/>; false for IPv6 and host names. An IPv4-mapped IPv6
    /// address counts as IPv4.</summary>
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
