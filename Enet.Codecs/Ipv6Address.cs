using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Enet.Codecs;

/// <summary>An IPv6 address as a host-order <see cref="UInt128"/>.</summary>
public readonly record struct Ipv6Address(UInt128 Value)
{
    public const int Length = 16;

    public static readonly Ipv6Address Unspecified = new(UInt128.Zero);

    public static Ipv6Address Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt128BigEndian(bytes));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, Value);

    /// <summary>ff00::/8 (RFC 4291 2.7).</summary>
    public bool IsMulticast => (byte)(Value >> 120) == 0xFF;

    /// <summary>fe80::/10 (RFC 4291 2.5.6).</summary>
    public bool IsLinkLocal => (ushort)(Value >> 118) == 0xFE80 >> 6;

    public static Ipv6Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv6 address");

    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv6Address address)
    {
        address = default;
        if (text is null || !text.Contains(':') || !IPAddress.TryParse(text, out var ip) ||
            ip.AddressFamily != AddressFamily.InterNetworkV6 || ip.ScopeId != 0)
            return false;
        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out _);
        address = Read(bytes);
        return true;
    }

    /// <summary>RFC 5952 text form (lower case, longest zero run compressed, ::ffff:a.b.c.d for mapped).</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        Write(bytes);
        return new IPAddress(bytes).ToString();
    }
}
