using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Enet.Codecs;

/// <summary>
/// Walks TCP options without allocating (RFC 9293 3.2). The area is checked once, by <see cref="TcpPacket.TryParse"/>
/// or <see cref="TryCreate"/>, and that one check records where every option starts as a bit per byte; reading
/// then follows those bits and never looks at a length byte again, so the walk cannot overrun, cannot loop, and
/// needs no error state (the reader is a span and a word, which the JIT keeps in registers).
/// </summary>
public ref struct TcpOptionReader
{
    /// <summary>RFC 9293 3.1: a 4-bit data offset allows 60 bytes of header, so 40 of options.</summary>
    public const int MaximumLength = TcpSegment.MaximumHeaderLength - TcpPacket.MinimumHeaderLength;

    private readonly ReadOnlySpan<byte> _options;

    // Bit i is set when an option starts at byte i; the highest set bit is where the walk ends: the end of the area,
    // the byte after End of Option List, or (after a failed TryCreate) the malformed option.
    private ulong _bounds;

    private TcpOptionReader(ReadOnlySpan<byte> options, ulong bounds)
    {
        _options = options;
        _bounds = bounds;
    }

    /// <summary>A reader over an area <see cref="Bounds"/> accepted; what <see cref="TcpPacket.ReadOptions"/> returns.</summary>
    internal static TcpOptionReader Checked(ReadOnlySpan<byte> options, ulong bounds) => new(options, bounds);

    /// <summary>
    /// The validating walk over an options area from elsewhere than a parsed <see cref="TcpPacket"/>. On a malformed
    /// option it returns false with the error (offset relative to the first option byte) and a
    /// <paramref name="reader"/> over the well-formed options before it, so a caller can still show those.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> options, out TcpOptionReader reader, out DecodeError error)
    {
        if (options.Length <= MaximumLength)
        {
            var bounds = Bounds(options);
            if (bounds != 0)
            {
                reader = new TcpOptionReader(options, bounds);
                error = default;
                return true;
            }
        }
        error = Malformed(options, out var prefix);
        reader = new TcpOptionReader(options[..prefix], Bounds(options[..prefix]));
        return false;
    }

    /// <summary>What follows an End of Option List: padding, which captures show is not always zero.</summary>
    public readonly ReadOnlySpan<byte> Padding => _options[End(_bounds)..];

    /// <summary>The next option; false after the last one or after End of Option List.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(out TcpOptionView option)
    {
        var bounds = _bounds;
        var start = BitOperations.TrailingZeroCount(bounds);
        // Clearing the lowest bit leaves nothing when that bit was the end mark (or the reader is default).
        bounds &= bounds - 1;
        if (bounds == 0)
        {
            option = default;
            return false;
        }
        _bounds = bounds;
        // Bounds only marks positions inside the area its walk checked, so start < end <= the area's length.
        var length = BitOperations.TrailingZeroCount(bounds) - start;
        option = new TcpOptionView(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(_options), start), length), start);
        return true;
    }

    private static int End(ulong bounds) => 63 - BitOperations.LeadingZeroCount(bounds | 1);

    /// <summary>
    /// The one checking pass over an area of at most <see cref="MaximumLength"/> bytes (what every
    /// <see cref="TcpPacket.TryParse"/> runs): the option starts and the end mark, or 0 when an option is malformed.
    /// Written for the well-formed case, where it runs for every segment: while two bytes are left the kind and
    /// the length byte are both loaded and tested by one branch, so an option of kind 2 and up costs two loads, an
    /// add and two predictable branches; an option that runs past the area is caught once, after the loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Bounds(ReadOnlySpan<byte> options)
    {
        ref var first = ref MemoryMarshal.GetReference(options);
        // Native-sized and signed, so indexing needs no widening and an empty area gives last = -1.
        nint length = options.Length;
        var last = length - 1;
        nint position = 0;
        var bounds = 0UL;
        // 1 << position, kept beside position so each option shifts it by its length instead of building it anew.
        var bit = 1UL;
        while (position < last)
        {
            bounds |= bit;
            nint kind = Unsafe.Add(ref first, position);
            nint size = Unsafe.Add(ref first, position + 1);
            // Negative when the kind is End of Option List or No-Operation (one byte, RFC 9293 3.2), or when the
            // length byte, which counts kind and length, is below 2.
            if (((kind - 2) | (size - 2)) < 0)
            {
                if (kind > TcpOptionKind.NoOperation)
                    return 0;
                position++;
                bit <<= 1;
                if (kind == TcpOptionKind.EndOfOptionList)
                    return bounds | bit;
                continue;
            }
            position += size;
            // A size of 64 and up shifts by size mod 64, but such an option runs past the 40-byte area and the
            // check after the loop refuses it, so the bits it spoils are never used.
            bit <<= (int)size;
        }
        // One byte left: it has no room for a length byte, so only End of Option List or No-Operation fit.
        if (position == last)
        {
            if (Unsafe.Add(ref first, position) > TcpOptionKind.NoOperation)
                return 0;
            bounds |= bit;
            position++;
            bit <<= 1;
        }
        // Past the area means the last option's length ran beyond the data offset.
        return position <= length ? bounds | bit : 0;
    }

    /// <summary>Why <see cref="Bounds"/> refused <paramref name="options"/>, and how many bytes of well-formed
    /// options precede the fault: the slow walk, run only for a malformed area.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static DecodeError Malformed(ReadOnlySpan<byte> options, out int prefix)
    {
        prefix = 0;
        if (options.Length > MaximumLength)
            return new DecodeError(Layer.Tcp, 0, $"options area of {options.Length} bytes is longer than the {MaximumLength} a data offset allows");
        var position = 0;
        while (position < options.Length)
        {
            var kind = options[position];
            if (kind == TcpOptionKind.EndOfOptionList)
                break;
            if (kind != TcpOptionKind.NoOperation)
            {
                var left = options.Length - position;
                if (left < 2)
                    return new DecodeError(Layer.Tcp, position, $"option kind {kind} has no length byte");
                var length = options[position + 1];
                if (length < 2)
                    return new DecodeError(Layer.Tcp, position, $"option kind {kind} has length {length}, less than 2");
                if (length > left)
                    return new DecodeError(Layer.Tcp, position, $"option kind {kind} of length {length} runs past the header ({left} bytes left)");
                position += length;
            }
            else
                position++;
            prefix = position;
        }
        throw new InvalidOperationException("Malformed was called on a well-formed options area");
    }
}
