using System.Diagnostics.CodeAnalysis;
using Enet.Codecs;

namespace Enet.Actors.Ip;

/// <summary>An interface address with its prefix length, "192.0.2.2/24" (RFC 4632 notation).</summary>
public readonly record struct Ipv4Cidr(Ipv4Address Address, int PrefixLength)
{
    public uint Mask => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    public Ipv4Address Network => new(Address.Value & Mask);

    /// <summary>The directed broadcast address of the subnet (RFC 919, RFC 1122 3.2.1.3).</summary>
    public Ipv4Address Broadcast => new(Address.Value | ~Mask);

    public bool Contains(Ipv4Address other) => (other.Value & Mask) == (Address.Value & Mask);

    public static Ipv4Cidr Parse(string text) =>
        TryParse(text, out var cidr) ? cidr : throw new FormatException($"not an IPv4 address/prefix: \"{text}\"");

    /// <summary>Accepts "a.b.c.d/len" and a bare "a.b.c.d" (a /32).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        if (text is null)
            return false;
        var slash = text.IndexOf('/');
        var prefix = 32;
        if (!Ipv4Address.TryParse(slash < 0 ? text : text[..slash], out var address) ||
            slash >= 0 && (!int.TryParse(text[(slash + 1)..], out prefix) || prefix is < 0 or > 32))
            return false;
        cidr = new Ipv4Cidr(address, prefix);
        return true;
    }

    public override string ToString() => $"{Address}/{PrefixLength}";
}
