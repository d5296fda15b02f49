using System.Diagnostics.CodeAnalysis;
using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>An IPv6 interface address with its prefix length, "2001:db8::2/64" (RFC 4291 2.3).</summary>
public readonly record struct Ipv6Cidr(Ipv6Address Address, int PrefixLength)
{
    public UInt128 Mask => PrefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - PrefixLength);

    public Ipv6Address Prefix => new(Address.Value & Mask);

    public bool Contains(Ipv6Address other) => (other.Value & Mask) == (Address.Value & Mask);

    public static Ipv6Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"not an IPv6 address/prefix: \"{text}\"");

    /// <summary>Accepts "address/len" and a bare address (a /128).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv6Cidr cidr)
    {
        cidr = default;
        if (text is null)
            return false;
        var slash = text.IndexOf('/');
        var prefix = 128;
        if (!Ipv6Address.TryParse(slash < 0 ? text : text[..slash], out var address) ||
            slash >= 0 && (!int.TryParse(text[(slash + 1)..], out prefix) || prefix is < 0 or > 128))
            return false;
        cidr = new Ipv6Cidr(address, prefix);
        return true;
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
