using Enet.Codecs;

namespace Enet.Actors.Inet;

/// <summary>
/// An IP address of either family, as inet's <c>ip_address()</c> is a 4-tuple or an 8-tuple: what a socket is
/// bound to, sends to and hears from, so IPv4 and IPv6 share one socket API. Free to copy and compare.
/// </summary>
public readonly record struct InetAddress
{
    public static readonly InetAddress Any = new(InetFamily.Inet, UInt128.Zero);
    public static readonly InetAddress Ipv6Any = new(InetFamily.Inet6, UInt128.Zero);
    public static readonly InetAddress Broadcast = new(Ipv4Address.Broadcast);

    // Two halves rather than a UInt128, which is 16-byte aligned: 24 bytes instead of 32, so the TCP 4-tuple that
    // holds two of these is hashed and copied per segment at less cost.
    private readonly ulong upper, lower;

    private InetAddress(InetFamily family, UInt128 value)
    {
        Family = family;
        upper = (ulong)(value >> 64);
        lower = (ulong)value;
    }

    /// <summary>The address as one 128-bit number (an IPv4 one in the low 32 bits).</summary>
    public UInt128 Bits => new(upper, lower);

    public InetAddress(Ipv4Address address) : this(InetFamily.Inet, address.Value) { }

    public InetAddress(Ipv6Address address) : this(InetFamily.Inet6, address.Value) { }

    public InetFamily Family { get; }

    public bool IsIpv4 => Family == InetFamily.Inet;

    public Ipv4Address Ipv4 => IsIpv4 ? new((uint)lower) : throw new InvalidOperationException($"{this} is not an IPv4 address");

    public Ipv6Address Ipv6 => !IsIpv4 ? new(Bits) : throw new InvalidOperationException($"{this} is not an IPv6 address");

    /// <summary>0.0.0.0 or ::, the wildcard a socket binds to for every address of the host.</summary>
    public bool IsUnspecified => (upper | lower) == 0;

    public bool IsMulticast => IsIpv4 ? Ipv4.IsMulticast : Ipv6.IsMulticast;

    public static implicit operator InetAddress(Ipv4Address address) => new(address);

    public static implicit operator InetAddress(Ipv6Address address) => new(address);

    /// <summary>Field by field, as the compiler's would, without going through EqualityComparer for each (a TCP segment's
    /// connection lookup compares two of these).</summary>
    public bool Equals(InetAddress other) => lower == other.lower && upper == other.upper && Family == other.Family;

    public override int GetHashCode() => (int)lower ^ (int)(lower >> 32) * 31 ^ (int)upper * 17 ^ (int)(upper >> 32) * 13 ^ (int)Family;

    /// <summary>The tuple form: four bytes for IPv4, eight 16-bit groups for IPv6.</summary>
    public int[] ToTuple()
    {
        if (IsIpv4)
            return [(int)(lower >> 24) & 0xFF, (int)(lower >> 16) & 0xFF, (int)(lower >> 8) & 0xFF, (int)lower & 0xFF];
        var groups = new int[8];
        for (var i = 0; i < 8; i++)
            groups[i] = (int)(Bits >> (112 - 16 * i)) & 0xFFFF;
        return groups;
    }

    /// <summary>The address of a tuple: 4 parts of 0..255 or 8 of 0..65535, else false (inet's einval).</summary>
    public static bool TryFromTuple(ReadOnlySpan<int> parts, out InetAddress address)
    {
        address = default;
        var (count, max) = parts.Length switch { 4 => (4, 0xFF), 8 => (8, 0xFFFF), _ => (0, 0) };
        if (count == 0)
            return false;
        var bits = count == 4 ? 8 : 16;
        UInt128 v = 0;
        foreach (var part in parts)
        {
            if (part < 0 || part > max)
                return false;
            v = (v << bits) | (uint)part;
        }
        address = new InetAddress(count == 4 ? InetFamily.Inet : InetFamily.Inet6, v);
        return true;
    }

    public static InetAddress FromTuple(params ReadOnlySpan<int> parts) =>
        TryFromTuple(parts, out var address) ? address : throw new ArgumentException($"{{{string.Join(',', parts.ToArray())}}} is not an IPv4 or IPv6 tuple", nameof(parts));

    /// <summary>The IPv4-mapped IPv6 address ::ffff:a.b.c.d of an IPv4 address (RFC 4291 2.5.5.2); IPv6 stays as is.</summary>
    public InetAddress ToIpv6Mapped() => IsIpv4 ? new InetAddress(InetFamily.Inet6, (UInt128)0xFFFF_0000_0000 | Bits) : this;

    /// <summary>The tuple as Erlang prints it: <c>{192,168,42,2}</c>.</summary>
    public string ToTupleString() => $"{{{string.Join(',', ToTuple())}}}";

    /// <summary>inet:ntoa's text.</summary>
    public override string ToString() => Inet.NToA(this);
}
