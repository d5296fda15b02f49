using System.Globalization;
using System.Text;

namespace Enet.Actors.Inet;

/// <summary>
/// Address text as OTP's inet module reads and writes it (inet(3): parse_address, parse_strict_address,
/// parse_ipv4_address, parse_ipv4strict_address, parse_ipv6_address, parse_ipv6strict_address, ntoa). The
/// rules below are inet_parse's, probed on OTP 25: the loose IPv4 form takes 1 to 4 parts, each decimal, octal
/// (leading 0) or hex (0x), the last part filling the remaining bytes ("127.1" is 127.0.0.1); the strict form
/// takes exactly four decimal parts without leading zeros. IPv6 allows one "::", a strict dotted-quad tail, and
/// a "%scope" suffix that is ignored.
/// </summary>
public static partial class Inet
{
    /// <summary>inet:parse_address/1: a loose IPv4 address, else a loose IPv6 address.</summary>
    public static InetResult<InetAddress> ParseAddress(string text) =>
        TryIpv4(text, strict: false, out var v4) ? v4 : TryIpv6(text, out var v6) ? v6 : Posix.Einval;

    /// <summary>inet:parse_strict_address/1: a strict IPv4 address, else a strict IPv6 address.</summary>
    public static InetResult<InetAddress> ParseStrictAddress(string text) =>
        TryIpv4(text, strict: true, out var v4) ? v4 : TryIpv6(text, out var v6) ? v6 : Posix.Einval;

    public static InetResult<InetAddress> ParseIpv4Address(string text) => TryIpv4(text, strict: false, out var a) ? a : Posix.Einval;

    public static InetResult<InetAddress> ParseIpv4StrictAddress(string text) => TryIpv4(text, strict: true, out var a) ? a : Posix.Einval;

    /// <summary>inet:parse_ipv6_address/1: also takes a loose IPv4 address, returned IPv4-mapped (::ffff:a.b.c.d).</summary>
    public static InetResult<InetAddress> ParseIpv6Address(string text) =>
        TryIpv6(text, out var a) ? a : TryIpv4(text, strict: false, out var v4) ? v4.ToIpv6Mapped() : Posix.Einval;

    public static InetResult<InetAddress> ParseIpv6StrictAddress(string text) => TryIpv6(text, out var a) ? a : Posix.Einval;

    /// <summary>inet:ntoa/1 of a tuple: einval unless it is 4 parts of 0..255 or 8 of 0..65535.</summary>
    public static InetResult<string> NToA(params ReadOnlySpan<int> tuple) =>
        InetAddress.TryFromTuple(tuple, out var address) ? NToA(address) : Posix.Einval;

    /// <summary>
    /// inet:ntoa/1. IPv6 groups are lower-case hex; the first longest run of two or more zero groups becomes
    /// "::". Unlike RFC 5952, inet writes the last 32 bits as a dotted quad for IPv4-mapped (::ffff:0:0/96) and
    /// for IPv4-compatible (::/96) addresses other than :: and ::1, so ::2 is "::0.0.0.2".
    /// </summary>
    public static string NToA(InetAddress address)
    {
        var t = address.ToTuple();
        if (address.IsIpv4)
            return $"{t[0]}.{t[1]}.{t[2]}.{t[3]}";
        if (t[0] == 0 && t[1] == 0 && t[2] == 0 && t[3] == 0 && t[4] == 0)
        {
            var quad = $"{t[6] >> 8}.{t[6] & 0xFF}.{t[7] >> 8}.{t[7] & 0xFF}";
            if (t[5] == 0xFFFF)
                return "::ffff:" + quad;
            if (t[5] == 0 && (t[6] != 0 || t[7] > 1))
                return "::" + quad;
        }
        var (bestStart, bestLength) = (-1, 1);
        for (var i = 0; i < 8;)
        {
            if (t[i] != 0)
            {
                i++;
                continue;
            }
            var start = i;
            while (i < 8 && t[i] == 0)
                i++;
            if (i - start > bestLength)
                (bestStart, bestLength) = (start, i - start);
        }
        var text = new StringBuilder(39);
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.Append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.Length > 0 && text[^1] != ':')
                text.Append(':');
            text.Append(t[i].ToString("x", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private static bool TryIpv4(string text, bool strict, out InetAddress address)
    {
        address = default;
        var parts = text.Split('.');
        if (parts.Length is < 1 or > 4 || strict && parts.Length != 4)
            return false;
        uint value = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryIpv4Part(parts[i], strict, out var part))
                return false;
            // Every part but the last is one byte; the last fills what is left ("10.1.2" is 10.1.0.2).
            var bits = i < parts.Length - 1 ? 8 : 8 * (4 - i);
            if (part >> bits != 0)
                return false;
            value = i < parts.Length - 1 ? value | (uint)(part << (24 - 8 * i)) : value | (uint)part;
        }
        address = new Codecs.Ipv4Address(value);
        return true;
    }

    /// <summary>One dotted part: strict is plain decimal without a leading zero; loose adds 0x hex, leading-0 octal,
    /// and the "+" sign Erlang's list_to_integer accepts.</summary>
    private static bool TryIpv4Part(string part, bool strict, out ulong value)
    {
        value = 0;
        if (strict)
            return part.Length is > 0 and <= 3 && (part.Length == 1 || part[0] != '0') && part.All(char.IsAsciiDigit) &&
                ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (part.Length > 2 && part[0] == '0' && part[1] is 'x' or 'X')
            return part.Length <= 10 && part[2..].All(char.IsAsciiHexDigit) &&
                ulong.TryParse(part[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (part.Length > 1 && part[0] == '0')
        {
            if (part.Length > 12 || !part.All(c => c is >= '0' and <= '7'))
                return false;
            foreach (var c in part)
                value = value * 8 + (ulong)(c - '0');
            return true;
        }
        var digits = part.StartsWith('+') ? part[1..] : part;
        return digits.Length is > 0 and <= 10 && digits.All(char.IsAsciiDigit) &&
            ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The strict and loose IPv6 forms are the same; they differ only in whether a bare IPv4 address is also taken.</summary>
    private static bool TryIpv6(string text, out InetAddress address)
    {
        address = default;
        var percent = text.IndexOf('%');
        if (percent >= 0)
            text = text[..percent];
        var doubleColon = text.IndexOf("::", StringComparison.Ordinal);
        if (doubleColon >= 0 && text.IndexOf("::", doubleColon + 1, StringComparison.Ordinal) >= 0)
            return false;
        var head = doubleColon >= 0 ? text[..doubleColon] : text;
        var tail = doubleColon >= 0 ? text[(doubleColon + 2)..] : "";
        var groups = new List<int>(8);
        var tailGroups = new List<int>(8);
        if (!TryGroups(head, groups, allowQuad: doubleColon < 0) || !TryGroups(tail, tailGroups, allowQuad: true))
            return false;
        if (doubleColon < 0 ? groups.Count != 8 : groups.Count + tailGroups.Count > 7)
            return false;
        Span<int> all = stackalloc int[8];
        for (var i = 0; i < groups.Count; i++)
            all[i] = groups[i];
        for (var i = 0; i < tailGroups.Count; i++)
            all[8 - tailGroups.Count + i] = tailGroups[i];
        return InetAddress.TryFromTuple(all, out address);
    }

    /// <summary>Colon-separated hex groups of 1 to 4 digits; the last may be a strict dotted quad (two groups).</summary>
    private static bool TryGroups(string text, List<int> groups, bool allowQuad)
    {
        if (text.Length == 0)
            return true;
        var parts = text.Split(':');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i == parts.Length - 1 && allowQuad && part.Contains('.'))
            {
                if (!TryIpv4(part, strict: true, out var quad))
                    return false;
                var v = quad.Ipv4.Value;
                groups.Add((int)(v >> 16));
                groups.Add((int)(v & 0xFFFF));
                continue;
            }
            if (part.Length is 0 or > 4 || !part.All(char.IsAsciiHexDigit))
                return false;
            groups.Add(int.Parse(part, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }
        return true;
    }
}
