using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Enet.Codecs;

/// <summary>An IPv4 address as a host-order <see cref="uint"/>: free to copy, compare and mask.</summary>
public readonly record struct Ipv4Address(uint Value) : IComparable<Ipv4Address>
{
    public const int Length = 4;

    public static readonly Ipv4Address Any = new(0);
    public static readonly Ipv4Address Broadcast = new(0xFFFF_FFFF);

    public Ipv4Address(byte a, byte b, byte c, byte d) : this((uint)(a << 24 | b << 16 | c << 8 | d)) { }

    public static Ipv4Address Read(ReadOnlySpan<byte> bytes) => new(BinaryPrimitives.ReadUInt32BigEndian(bytes));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    /// <summary>224.0.0.0/4 (RFC 5771).</summary>
    public bool IsMulticast => (Value >> 28) == 0xE;

    public static Ipv4Address Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not an IPv4 address");

    /// <summary>Accepts only the dotted-quad form: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
    /// would also take "1" or "0x7f.1", which an address in a config file never means.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Address address)
    {
        address = default;
        if (text is null || text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var ip) ||
            ip.AddressFamily != AddressFamily.InterNetwork)
            return false;
        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        address = Read(bytes);
        return true;
    }

    public int CompareTo(Ipv4Address other) => Value.CompareTo(other.Value);

    public override string ToString() => $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";
}
