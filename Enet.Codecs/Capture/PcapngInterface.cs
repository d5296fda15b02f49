namespace Enet.Codecs.Capture;

/// <summary>
/// What an Interface Description Block says about the packets that name it
/// (draft-ietf-opsawg-pcapng 4.2): their link type, snapshot length and timestamp unit.
/// </summary>
/// <param name="TimestampResolution">if_tsresol: MSB clear = 10^-n s, MSB set = 2^-n s; default 6 (µs).</param>
/// <param name="TimestampOffsetSeconds">if_tsoffset: seconds added to every timestamp.</param>
internal readonly record struct PcapngInterface(
    LinkType LinkType, uint SnapLength, byte TimestampResolution, long TimestampOffsetSeconds)
{
    /// <summary>Converts a timestamp in this interface's units to ns since the epoch, saturating.</summary>
    public long ToNanoseconds(ulong units)
    {
        var exponent = TimestampResolution & 0x7F;
        UInt128 nanoseconds;
        if ((TimestampResolution & 0x80) != 0)
            nanoseconds = (UInt128)units * 1_000_000_000 >> exponent;
        else if (exponent <= 9)
            nanoseconds = (UInt128)units * PowerOfTen(9 - exponent);
        else
            nanoseconds = exponent - 9 > 38 ? 0 : (UInt128)units / PowerOfTen(exponent - 9);
        var total = (Int128)nanoseconds + (Int128)TimestampOffsetSeconds * 1_000_000_000;
        return (long)Int128.Clamp(total, long.MinValue, long.MaxValue);
    }

    private static UInt128 PowerOfTen(int exponent)
    {
        UInt128 value = 1;
        for (var i = 0; i < exponent; i++)
            value *= 10;
        return value;
    }
}
