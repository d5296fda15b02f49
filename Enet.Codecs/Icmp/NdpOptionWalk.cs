namespace Enet.Codecs;

/// <summary>
/// The bounded walk over NDP options (RFC 4861 4.6) shared by the view (validation, no allocation) and the
/// representation (typed options): every option consumes at least 8 bytes, so the walk always ends.
/// </summary>
internal static class NdpOptionWalk
{
    /// <summary>The length in bytes of the option at the start of <paramref name="options"/>, or an error whose
    /// offset is relative to <paramref name="options"/>.</summary>
    public static bool TryNext(ReadOnlySpan<byte> options, out int length, out string? reason)
    {
        length = 0;
        reason = null;
        if (options.Length < 2)
        {
            reason = $"NDP option truncated: need 2 bytes, have {options.Length}";
            return false;
        }
        length = options[1] * 8;
        if (length == 0)
        {
            // RFC 4861 4.6: "Nodes MUST silently discard an ND packet that contains an option with length zero."
            reason = "NDP option length 0";
            return false;
        }
        if (length > options.Length)
        {
            reason = $"NDP option runs past the message: length {length}, have {options.Length}";
            return false;
        }
        return true;
    }

    /// <summary>Checks every option; <paramref name="offset"/> is where <paramref name="options"/> starts in the
    /// ICMPv6 message, so the error points at the bad option.</summary>
    public static bool Validate(ReadOnlySpan<byte> options, int offset, out DecodeError error)
    {
        error = default;
        var position = 0;
        while (position < options.Length)
        {
            if (!TryNext(options[position..], out var length, out var reason))
            {
                error = new DecodeError(Layer.Icmpv6, offset + position, reason!);
                return false;
            }
            position += length;
        }
        return true;
    }
}
